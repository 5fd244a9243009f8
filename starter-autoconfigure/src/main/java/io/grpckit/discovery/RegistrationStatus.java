package io.grpckit.discovery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Registration state with the reason of the last failure and when it was entered.
 *
 * @param state the state
 * @param reason why the registration is retrying or failed, or {@code null}
 * @param since when the state was entered
 */
public record RegistrationStatus(RegistrationState state, @Nullable String reason, Instant since) {

}
