/**
 * Analysis over the engine SPI: profiling plans, findings, insights over time, checks. It takes an
 * {@link io.assay.engine.Engine} and a relation, runs its work in the engine as SQL, and returns plain
 * immutable records. It knows nothing of HTTP, users or the metadata store.
 */
package io.assay.analysis;
