package com.example.hastate.line;

import io.hastate.core.module.StateFunctionModule;

/** What this jar adds to hastate, found through META-INF/services. */
public final class LineModule extends StateFunctionModule {
    @Override
    protected void functions() {
        function(LinePresent.class);
    }
}
