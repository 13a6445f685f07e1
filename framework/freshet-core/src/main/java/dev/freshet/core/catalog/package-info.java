/** Finding the feature sets compiled into the class path, through the processor's index. */
package dev.freshet.core.catalog;
