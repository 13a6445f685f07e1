/** Writing generated code and resources. Writers never validate: they are given specs that passed validation. */
package dev.freshet.processor.generation;
