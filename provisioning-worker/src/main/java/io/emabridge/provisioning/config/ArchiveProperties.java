package io.emabridge.provisioning.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Easy Mail Archive reseller API, from {@code ema.archive.*}.
 *
 * @param baseUrl scheme, host and port of the API (the local sandbox by default; the real service is
 * {@code https://api.easymailarchive.com})
 * @param apiKey the reseller API key. The default only opens the local sandbox: set a real key through the
 * environment ({@code EMA_ARCHIVE_API_KEY}), never in a file that is committed
 * @param baseDomain the reseller's base domain: a tenant whose create answer carries no URL is served at
 * {@code https://{slug}.{baseDomain}}
 * @param timeout how long one API call may take
 * @param connectTimeout how long connecting may take
 */
@ConfigurationProperties("ema.archive")
@Validated
public record ArchiveProperties(@DefaultValue("http://127.0.0.1:8090") @NotNull URI baseUrl,
		@DefaultValue("sandbox-key") @NotBlank String apiKey,
		@DefaultValue("archive.example.test") @NotBlank String baseDomain,
		@DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("5s") @NotNull Duration connectTimeout) {

	/** Never prints the key. */
	@Override
	public String toString() {
		return "ArchiveProperties[baseUrl=" + this.baseUrl + ", apiKey=(hidden), baseDomain=" + this.baseDomain
				+ ", timeout=" + this.timeout + ", connectTimeout=" + this.connectTimeout + "]";
	}
}
