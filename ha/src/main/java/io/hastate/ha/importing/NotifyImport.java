package io.hastate.ha.importing;

import io.hastate.ha.model.Vrrp;
import io.hastate.core.text.Printable;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.KeepalivedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A found instance's notify scripts as the pair's {@code notify}: {@code events} by the inventory's
 * event names, {@code carried} the keepalived keywords written again, {@code lost} what cannot be.
 */
record NotifyImport(Map<String, String> events, List<String> carried, List<String> lost) {

    static NotifyImport of(FoundInstance instance) {
        Map<String, String> events = new LinkedHashMap<>();
        List<String> carried = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Vrrp.NOTIFY_EVENTS.forEach((event, keyword) -> {
            String value = instance.keyword(keyword);
            if (value == null) return;
            // The tree's own routes notify: handled, the tree writes it again wherever it applies.
            if (KeepalivedModel.Instance.isFallbackRoutesNotify(value)) {
                carried.add(keyword);
                return;
            }
            String problem = Vrrp.notifyProblem(event, value);
            if (problem != null) {
                // Arguments, quotes or a relative path: hastate declares a script by its path alone.
                lost.add(keyword + " " + Printable.asciiLine(value) + " is not a script path hastate writes");
                return;
            }
            events.put(event, value);
            carried.add(keyword);
        });
        return new NotifyImport(events, carried, lost);
    }
}
