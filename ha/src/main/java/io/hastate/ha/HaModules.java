package io.hastate.ha;

import io.hastate.core.module.StateFunctionModule;
import io.hastate.ha.keepalived.KeepalivedConfig;

/** The HA state functions: keepalived's configuration. */
public final class HaModules extends StateFunctionModule {
    @Override
    protected void functions() {
        function(KeepalivedConfig.class);
    }
}
