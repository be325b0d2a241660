package io.hastate.modules;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.module.StateFunction;
import io.hastate.modules.cmd.CmdRun;
import io.hastate.modules.file.FileAbsent;
import io.hastate.modules.file.FileDirectory;
import io.hastate.modules.file.FileManaged;
import io.hastate.modules.sysctl.SysctlPresent;
import io.hastate.modules.service.ServiceRunning;
import io.hastate.modules.service.ServiceDead;
import io.hastate.modules.pkg.PkgInstalled;
import io.hastate.modules.pkg.PkgRemoved;
import io.hastate.modules.keepalived.KeepalivedConfig;
import io.hastate.modules.network.KeepConfiguration;
import io.hastate.modules.network.Unmanaged;
import io.hastate.modules.network.Ifupdown;
import io.hastate.modules.link.LinkDevice;

import java.util.Set;

/** Binds every state function hastate ships; a new function is one line here. */
public final class StateModules extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<StateFunction> functions = Multibinder.newSetBinder(binder(), StateFunction.class);
        functions.addBinding().to(FileManaged.class);
        functions.addBinding().to(FileAbsent.class);
        functions.addBinding().to(FileDirectory.class);
        functions.addBinding().to(CmdRun.class);
        functions.addBinding().to(SysctlPresent.class);
        functions.addBinding().to(ServiceRunning.class);
        functions.addBinding().to(ServiceDead.class);
        functions.addBinding().to(PkgInstalled.class);
        functions.addBinding().to(PkgRemoved.class);
        functions.addBinding().to(KeepalivedConfig.class);
        functions.addBinding().to(KeepConfiguration.class);
        functions.addBinding().to(Unmanaged.class);
        functions.addBinding().to(Ifupdown.class);
        functions.addBinding().toInstance(LinkDevice.vmac());
        functions.addBinding().toInstance(LinkDevice.ipvlan());
    }

    @Provides
    @Singleton
    ModuleRegistry registry(Set<StateFunction> functions) {
        return new ModuleRegistry(functions);
    }

    /** The registry of all shipped state functions. */
    public static ModuleRegistry registry() {
        return Guice.createInjector(new StateModules()).getInstance(ModuleRegistry.class);
    }
}
