/** Freshet's exceptions, all built by {@link dev.freshet.core.error.FreshetErrors} so that every message names the
 * feature set, the value at fault and the fix. */
package dev.freshet.core.error;
