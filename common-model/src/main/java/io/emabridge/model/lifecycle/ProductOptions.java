package io.emabridge.model.lifecycle;

/** The product's module settings plus a slug the order may have asked for. */
public record ProductOptions(String slugPrefix, Boolean autoGenerateSlug, String requestedSlug, String plan) {
}
