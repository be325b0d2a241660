package io.hastate.core.run;

/** Check reads facts and decides; apply also carries out each Diff and verifies it. */
public enum Mode { CHECK, APPLY }
