package io.titanicmq.runtime.plugins;

import java.nio.file.Path;
import org.pf4j.DefaultPluginManager;
import org.pf4j.RuntimeMode;

/**
 * PF4J's default manager pinned to {@link RuntimeMode#DEPLOYMENT}, whatever the {@code pf4j.mode}
 * system property says: plug-ins are always jars and zips in the plug-in directory.
 */
final class DeploymentPluginManager extends DefaultPluginManager {

    DeploymentPluginManager(Path dir) {
        super(dir);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }
}
