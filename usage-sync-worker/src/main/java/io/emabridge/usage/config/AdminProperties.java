package io.emabridge.usage.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin endpoints' bearer token, {@code ema.admin.token}.
 *
 * @param token the bearer token of the admin endpoints; give it through the environment
 * (EMA_ADMIN_TOKEN). Empty: every admin request is refused
 */
@ConfigurationProperties("ema.admin")
@Validated
public record AdminProperties(@DefaultValue("") String token) {

	/** Never prints the token. */
	@Override
	public String toString() {
		return "AdminProperties[token=(hidden)]";
	}
}
