package dev.freshet.samples.transactions;

import dev.freshet.api.KafkaSource;
import java.time.Instant;

/**
 * A login attempt, as JSON on topic {@code logins} — the stream of the login-attempts pipeline in the reference
 * material ({@code {"user_id":"user-3","ip_address":"10.0.0.7","success":false,"timestamp":"…"}}).
 *
 * @param user_id    who tried to log in
 * @param ip_address where from
 * @param success    whether the attempt succeeded
 * @param timestamp  when
 */
@KafkaSource(name = "login_stream", topics = "logins")
public record Login(String user_id, String ip_address, boolean success, Instant timestamp) {
}
