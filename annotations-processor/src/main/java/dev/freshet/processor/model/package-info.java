/** What the processor read from the annotations, kept with the elements and values errors are reported on. */
package dev.freshet.processor.model;
