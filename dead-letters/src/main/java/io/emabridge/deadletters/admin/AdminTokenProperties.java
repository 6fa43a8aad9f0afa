package io.emabridge.deadletters.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin endpoints' bearer token, {@code ema.admin.token}.
 *
 * @param token the bearer token of the admin endpoints; give it through the environment
 * (EMA_ADMIN_TOKEN). Empty: the dead-letter endpoints do not exist
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
