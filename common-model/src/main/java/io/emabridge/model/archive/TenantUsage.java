package io.emabridge.model.archive;

/**
 * Usage of one tenant. The reference page names the fields {@code users_count},
 * {@code storage_bytes} and {@code messages_count}; the shorter page nests
 * {@code active_users}, {@code storage_bytes} and {@code message_count} under
 * {@code usage}. Either is read into this record; an absent figure is {@code null}.
 */
public record TenantUsage(Long activeUsers, Long storageBytes, Long messageCount) {
}
