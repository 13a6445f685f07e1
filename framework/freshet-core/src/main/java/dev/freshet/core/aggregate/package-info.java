/**
 * Mergeable partial aggregates: the maths of every aggregate function, as slots of a {@code long[]} that can be
 * updated with an event and merged with another in any order. No engine imports: the online, offline and backfill
 * jobs and the online client all run this same code.
 */
package dev.freshet.core.aggregate;
