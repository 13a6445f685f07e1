/** Naming rules: feature-set names, and "did you mean" suggestions for misspelt names. */
package dev.freshet.core.naming;
