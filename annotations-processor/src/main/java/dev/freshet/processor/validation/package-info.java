/** Validation of declarations: one catalogue of messages, one way to report them, one validator per declaration kind. */
package dev.freshet.processor.validation;
