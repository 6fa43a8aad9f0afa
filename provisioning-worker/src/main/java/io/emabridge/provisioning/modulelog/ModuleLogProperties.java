package io.emabridge.provisioning.modulelog;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The signed failures endpoint the WHMCS module's cron hook reads into WHMCS's Module
 * Log, from {@code ema.module-log.*}.
 *
 * @param secrets shared secrets of the endpoint: the module's Access Hash, as the gateway
 * has it (several at once while rotating); none: every request is refused
 * @param timestampTolerance how far a signature's timestamp may be from the worker's
 * clock
 * @param maxPageSize the most failures one request returns
 */
@ConfigurationProperties("ema.module-log")
@Validated
public record ModuleLogProperties(@DefaultValue("") @NotNull List<String> secrets,
		@DefaultValue("300s") @NotNull Duration timestampTolerance,
		@DefaultValue("100") @Min(1) @Max(1000) int maxPageSize) {

	/** Never prints the secrets. */
	@Override
	public String toString() {
		return "ModuleLogProperties[secrets=(" + this.secrets.size() + " hidden), timestampTolerance="
				+ this.timestampTolerance + ", maxPageSize=" + this.maxPageSize + "]";
	}

	/** The secrets that are set. */
	List<String> givenSecrets() {
		return this.secrets.stream().filter((secret) -> !secret.isBlank()).toList();
	}

}
