package io.titanicmq.runtime.security;

import io.titanicmq.runtime.broker.PeerAccess;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The allow-lists of {@link SecuritySettings} as the broker asks them: client keys may send
 * requests, worker keys may register the services listed for them, admin keys may send requests and
 * read any reply (admins do not serve). A key in no list is refused at the handshake by the {@link ZapHandler}; a known
 * key doing what its list does not allow is refused by the broker, and logged here with its
 * fingerprint.
 */
public final class AccessList implements PeerAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AccessList.class);

    private final SecuritySettings settings;
    private final RefusalLog refusals = new RefusalLog(LOG);

    /**
     * @param settings the security settings; CURVE must be on
     * @throws IllegalArgumentException when CURVE is off (use {@link PeerAccess#OPEN})
     */
    public AccessList(SecuritySettings settings) {
        if (!settings.curve()) {
            throw new IllegalArgumentException("An access list needs titanic.security.curve = on");
        }
        this.settings = settings;
    }

    /** Whether {@code key} is in any list, i.e. may complete the handshake. */
    public boolean known(String key) {
        return settings.clients().contains(key) || settings.admins().contains(key)
                || settings.workerServices().containsKey(key);
    }

    @Override
    public boolean enforced() {
        return true;
    }

    @Override
    public void configure(ZMQ.Socket router) {
        router.setCurveServer(true);
        router.setCurveSecretKey(ZMQ.Curve.z85Decode(settings.serverSecretKey()));
        router.setZapDomain(ZapHandler.DOMAIN);
    }

    @Override
    public boolean mayRequest(String key) {
        if (settings.clients().contains(key) || settings.admins().contains(key)) {
            return true;
        }
        refusals.refused(key, "not a client key, its requests are dropped");
        return false;
    }

    @Override
    public boolean mayServe(String key, String service) {
        Set<String> services = settings.workerServices().get(key);
        if (services != null && (services.contains(service) || services.contains(SecuritySettings.ANY_SERVICE))) {
            return true;
        }
        refusals.refused(key, "may not register service '" + service + "', sent DISCONNECT");
        return false;
    }

    @Override
    public boolean isAdmin(String key) {
        return settings.admins().contains(key);
    }
}
