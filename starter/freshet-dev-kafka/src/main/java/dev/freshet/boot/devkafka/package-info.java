/**
 * A Kafka broker inside the application for development ({@code freshet.dev.embedded-kafka.enabled=true}): one
 * loopback-only KRaft node that starts before anything reads {@code spring.kafka.*}, creates the declared sources'
 * topics, and stops with the application context.
 */
package dev.freshet.boot.devkafka;
