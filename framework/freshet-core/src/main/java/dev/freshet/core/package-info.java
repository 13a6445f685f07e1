/**
 * Freshet's pure core: rules and maths shared by the annotation processor and every adapter, with no Spark, Delta,
 * Kafka, Redis client or Spring import (the build enforces it).
 */
package dev.freshet.core;
