package io.hastate.core.run;

/** Receives engine events; calls are serialized by the engine, so listeners need no locking. */
@FunctionalInterface
public interface EngineListener {
    void on(EngineEvent event);
}
