/**
 * What a hastate plugin compiles against: a state function is one class ({@link io.hastate.spi.StateFunction})
 * with its arguments as one record and its facts as records ({@link io.hastate.spi.Fact}).
 */
package io.hastate.spi;
