package io.hastate.cli;

/** The formats of a listing that is not a run's report (inventory, history). */
enum ListingFormat {
    text, json
}
