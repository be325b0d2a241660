package io.hastate.core.module;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * How state functions reach hastate, built-in and third-party alike: a Guice module that binds them,
 * named in the jar's {@code META-INF/services/io.hastate.core.module.StateFunctionModule} so that
 * {@link Plugins} finds it with {@link java.util.ServiceLoader}. Its functions may have their own
 * dependencies injected.
 */
public abstract class StateFunctionModule extends AbstractModule {

    /** Binds the functions of this module: call {@link #function} once per function. */
    protected abstract void functions();

    @Override
    protected final void configure() {
        functions();
    }

    protected final void function(Class<? extends StateFunction> type) {
        Multibinder.newSetBinder(binder(), StateFunction.class).addBinding().to(type);
    }

    protected final void function(StateFunction instance) {
        Multibinder.newSetBinder(binder(), StateFunction.class).addBinding().toInstance(instance);
    }
}
