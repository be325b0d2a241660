package io.hastate.modules;

import io.hastate.core.module.StateFunctionModule;
import io.hastate.modules.cmd.CmdRun;
import io.hastate.modules.file.FileAbsent;
import io.hastate.modules.file.FileDirectory;
import io.hastate.modules.file.FileManaged;
import io.hastate.modules.sysctl.SysctlPresent;
import io.hastate.modules.service.ServiceRunning;
import io.hastate.modules.service.ServiceDead;
import io.hastate.modules.pkg.PkgInstalled;
import io.hastate.modules.pkg.PkgRemoved;
import io.hastate.modules.network.KeepConfiguration;
import io.hastate.modules.network.Unmanaged;
import io.hastate.modules.network.Ifupdown;
import io.hastate.modules.link.LinkDevice;

/**
 * The generic state functions hastate ships: files, packages, services, commands, sysctl, network and links.
 * A new built-in function is one line here.
 */
public final class StateModules extends StateFunctionModule {
    @Override
    protected void functions() {
        function(FileManaged.class);
        function(FileAbsent.class);
        function(FileDirectory.class);
        function(CmdRun.class);
        function(SysctlPresent.class);
        function(ServiceRunning.class);
        function(ServiceDead.class);
        function(PkgInstalled.class);
        function(PkgRemoved.class);
        function(KeepConfiguration.class);
        function(Unmanaged.class);
        function(Ifupdown.class);
        function(LinkDevice.vmac());
        function(LinkDevice.ipvlan());
    }

}
