package io.emabridge.model.slug;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DomainNamesTests {

	@ParameterizedTest
	@CsvSource({ "acme.com,acme", "www.example.org,example", "shop.acme.co.uk,acme", "a.b.c.d.e.acme.de,acme",
			"ACME.COM,acme", "acme.com.,acme", " acme.com ,acme", "acme.github.io,acme", "foo.acme.com.au,acme",
			"my-shop.de,my-shop", "123shop.de,123shop" })
	void findsTheLabelLeftOfThePublicSuffix(String domain, String expected) {
		assertThat(DomainNames.registrableName(domain)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "xn--mller-kva.de,müller", "müller.de,müller", "MÜLLER.DE,müller", "www.xn--bcher-kva.ch,bücher" })
	void givesInternationalisedNamesInUnicode(String domain, String expected) {
		assertThat(DomainNames.registrableName(domain)).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", ".", "co.uk", "com", "github.io", "localhost", "intranet", "server.internal",
			"192.168.1.1", "10.0.0.1", "2001:db8::1", "[2001:db8::1]", "::1", "acme..com", "-acme.com", "acme .com",
			"http://acme.com", "acme.com/path", "a@acme", "acme.123" })
	void givesNothingWithoutARegistrableName(String domain) {
		assertThat(DomainNames.registrableName(domain)).isEmpty();
	}

}
