package io.emabridge.model.lifecycle;

/** The WHMCS client that owns the service, as far as the archive needs it. */
public record Client(String companyName, String firstName, String lastName, String email) {
}
