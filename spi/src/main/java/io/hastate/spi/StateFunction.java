package io.hastate.spi;

import java.util.List;

/**
 * One state function of a plugin, such as {@code line.present}: the whole of what a plugin writes
 * for it. hastate finds it through {@code META-INF/services/io.hastate.spi.StateFunction} (a public
 * class with a public no-argument constructor).
 *
 * <p>{@link #check} is pure: it decides from facts what must change. {@link #apply} carries out that
 * decision on the host. Check mode calls only {@link #check}.
 *
 * @param <A> the arguments, one record whose components are named like the state's arguments
 *            ({@code name} included); its constructor refuses bad values when the state file is
 *            loaded, before any host is contacted. See {@link Arg} for optional and secret ones.
 */
public interface StateFunction<A extends Record> {

    /** How state files call it: {@code module.function}, e.g. {@code line.present}. */
    String name();

    /** The record the arguments bind to. */
    Class<A> arguments();

    /** The facts {@link #check} reads, gathered for all states of a host in one round trip. */
    List<Fact<?>> facts(A args);

    /** What must change; {@link Drift#none} when the host already has the declared state. */
    Drift check(A args, Facts facts);

    /**
     * Makes the host match: {@code drift} is what {@link #check} returned from {@code facts}, still current.
     *
     * @throws ApplyFailed when the host refused, with what it said
     */
    void apply(A args, Facts facts, Drift drift, Host host) throws ApplyFailed;

    /**
     * The paths apply can alter (and everything below them); facts reading them are read again after
     * this state changed. Empty when a function cannot say: then every fact is read again.
     */
    default List<String> alters(A args) {
        return List.of();
    }
}
