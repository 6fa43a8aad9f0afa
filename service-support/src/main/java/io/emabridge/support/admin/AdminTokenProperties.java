package io.emabridge.support.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bearer token of every service's admin endpoints ({@code /admin/**}),
 * {@code ema.admin.token}.
 *
 * @param token the bearer token of the admin endpoints; give it through the environment
 * (EMA_ADMIN_TOKEN). Empty: no admin endpoint answers a request: they do not exist (404),
 * or refuse every request (401) where a service keeps them to say so
 */
@ConfigurationProperties("ema.admin")
public record AdminTokenProperties(@DefaultValue("") String token) {

	public boolean configured() {
		return this.token != null && !this.token.isBlank();
	}

	/** Never prints the token. */
	@Override
	public String toString() {
		return "AdminTokenProperties[token=" + (configured() ? "(hidden)" : "(none)") + "]";
	}
}
