package io.titanicmq.runtime.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version from the runtime jar's manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"TitanicMQ " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
    }
}
