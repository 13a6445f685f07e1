/**
 * Validation of declarations: one validator per concern (the source; the name and schedules; the key; the timestamp;
 * the SQL and its output; the aggregations and their windows), each returning a {@link
 * dev.freshet.processor.validation.ValidationReport} of errors on exact annotation values (and the value it built when
 * there is none), composed by {@link dev.freshet.processor.validation.FeatureSetValidator}. Every text is a
 * {@link dev.freshet.processor.validation.Message}.
 */
package dev.freshet.processor.validation;
