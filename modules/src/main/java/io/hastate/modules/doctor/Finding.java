package io.hastate.modules.doctor;

/** One risk found on one host: which rule, what was seen, what can happen, and the state that fixes it. */
public record Finding(String rule, String title, String host, String evidence, String risk, String remediation) {}
