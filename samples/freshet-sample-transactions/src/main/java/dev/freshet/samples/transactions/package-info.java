/**
 * Freshet's transactions sample: a card-transaction stream, the feature sets computed from it, an event generator
 * and an HTTP endpoint that serves the features.
 */
package dev.freshet.samples.transactions;
