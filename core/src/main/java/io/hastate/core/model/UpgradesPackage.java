package io.hastate.core.model;

/**
 * An action any state function may declare: applying this state replaces an installed package's
 * version. Its maintainer scripts may restart what the package runs; those who must prepare for that
 * (the pair rollout, for keepalived) read it from the check's result.
 */
public record UpgradesPackage(String pkg, String from, String to) implements Diff.Action {}
