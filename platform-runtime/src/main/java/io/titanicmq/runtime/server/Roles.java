package io.titanicmq.runtime.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts one process runs, from {@code titanic.roles}. */
public enum Roles {
    /** The 7/MDP broker with 8/MMI. */
    BROKER,
    /** The 9/TSP services, the store and the dispatcher; needs the broker in the same process. */
    TITANIC,
    /** The plug-in host and its MDP workers. */
    WORKERS;

    /**
     * Reads and checks {@code roles}.
     *
     * @param titanic the {@code titanic} config subtree
     * @return the roles, never empty
     */
    public static Set<Roles> from(Config titanic) {
        Set<Roles> roles = EnumSet.noneOf(Roles.class);
        for (String name : titanic.getStringList("roles")) {
            try {
                roles.add(Roles.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(titanic.getValue("roles").origin(), "titanic.roles",
                        "unknown role '" + name + "' (roles: broker, titanic, workers)", e);
            }
        }
        if (roles.isEmpty()) {
            throw new ConfigException.BadValue(titanic.getValue("roles").origin(), "titanic.roles",
                    "at least one role is needed (broker, titanic, workers)");
        }
        if (roles.contains(TITANIC) && !roles.contains(BROKER)) {
            throw new ConfigException.BadValue(titanic.getValue("roles").origin(), "titanic.roles",
                    "role titanic runs inside the broker's process: add broker");
        }
        return roles;
    }
}
