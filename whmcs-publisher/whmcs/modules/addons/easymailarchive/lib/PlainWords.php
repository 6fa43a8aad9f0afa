<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What the workers' codes mean and what to do about each, in the words of the operator's runbook (the bridge's
 * README, "Operations"). Unknown codes get a generic line rather than nothing.
 */
final class EmaPlainWords
{
    /** Dead-letter reasons (ema_dlt_reason): [meaning, what to do]. */
    private const REASONS = [
        'archive_unauthorized' => [
            'The archive refused the reseller API key for this request.',
            'Set the working key in EMA_ARCHIVE_API_KEY on the worker, then replay.',
        ],
        'archive_rejected' => [
            'The archive refused the request, and retrying cannot change that.',
            'Read the error, correct the service in WHMCS (domain, requested archive name, product options), then'
                . ' replay.',
        ],
        'tenant_not_found' => [
            'The archive no longer has this service\'s tenant under the reseller API key.',
            'Check at Easy Mail Archive whether it was deleted or belongs to another reseller key.',
        ],
        'slug_taken' => [
            'The archive name the customer asked for belongs to another tenant, and the product allows no other.',
            'Agree on another name, set it on the service and run the module\'s Create; if the tenant really is the'
                . ' customer\'s, adopt it (below). A replay without a new name fails again.',
        ],
        'slug_exhausted' => [
            'Every archive name tried for this service was taken or refused.',
            'Set a requested name on the service (or allow more alternatives), then replay.',
        ],
        'retries_exhausted' => [
            'The archive kept failing (timeouts, server errors, rate limits) for longer than the worker waits.',
            'Check the archive\'s status and the worker\'s network; replay once it answers.',
        ],
        'invalid_event' => [
            'WHMCS sent an event the worker cannot accept.',
            'Check that the WHMCS module and the gateway are the same version; read the event\'s error.',
        ],
        'undeserializable' => [
            'A record on the lifecycle topic could not be read at all.',
            'Find what wrote it (the gateway writes only valid events); replay only once it is corrected.',
        ],
    ];

    /** Drift kinds: [meaning, what to do]. */
    private const KINDS = [
        'tenant_without_service' => [
            'A tenant under your key that no WHMCS service names and the ledger does not know.',
            'If it belongs to a service, put its slug in that service\'s Archive slug field, then Fix; otherwise'
                . ' leave it: nothing is ever deleted.',
        ],
        'service_without_tenant' => [
            'An Active or Suspended service without a tenant at the archive.',
            'Fix republishes its create or runs the module\'s Create; if its Archive slug field names a missing'
                . ' tenant, restore the tenant or correct the field.',
        ],
        'status_mismatch' => [
            'The tenant\'s status is not the one the WHMCS service asks for.',
            'Fix publishes the WHMCS status as an event.',
        ],
        'slug_mismatch' => [
            'The WHMCS Archive slug field does not show the tenant\'s real slug.',
            'Fix writes the real slug back into WHMCS.',
        ],
        'service_missing_in_whmcs' => [
            'An active tenant whose WHMCS service is gone: billed to nobody.',
            'Decide whether to terminate it at the archive; the bridge never does by itself.',
        ],
        'dead_lettered' => [
            'The worker gave up on the service: its events are dead letters.',
            'Fix the cause, then replay its failed events (above).',
        ],
        'untracked_service' => [
            'The Archive slug field names a tenant under your key that the bridge does not own yet (the inline'
                . ' module\'s, or made by hand).',
            'Fix adopts it, with the field as the proof.',
        ],
        'ownership_ambiguous' => [
            'The service seems to have a tenant, without proof that it does.',
            'See the ambiguity\'s reason; correct the Archive slug fields, then Fix.',
        ],
        'waiting_for_create' => [
            'The service\'s events have waited too long for a create that never came.',
            'A tenant exists: put its slug in the Archive slug field, then Fix; none: run the module\'s Create.',
        ],
    ];

    /** Why ownership is ambiguous: [meaning, what to do]. */
    private const AMBIGUITIES = [
        'slug_named_twice' => [
            'Two or more WHMCS services name the same tenant.',
            'Clear or correct the field of the services the tenant is not for; the next Fix adopts it for the one'
                . ' left.',
        ],
        'slug_owned_by_another' => [
            'The ledger holds the tenant for another service (created, adopted or reserved).',
            'Correct this service\'s field: the bridge never moves a tenant from one service to another.',
        ],
        'slug_field_empty' => [
            'The field is empty and the username names a tenant; WHMCS fills the username in from the domain, so it'
                . ' proves nothing.',
            'If the tenant is this service\'s, put its slug in the Archive slug field; the next Fix adopts it.',
        ],
    ];

    /** @return array{0: string, 1: string} */
    public static function reason(?string $code): array
    {
        return self::REASONS[(string) $code]
            ?? ['The worker could not apply the event (' . $code . ').', 'Read the error with the dead letter.'];
    }

    /** @return array{0: string, 1: string} */
    public static function kind(?string $code): array
    {
        return self::KINDS[(string) $code]
            ?? ['A difference the reconciler reports (' . $code . ').', 'See its detail.'];
    }

    /** @return array{0: string, 1: string} */
    public static function ambiguity(?string $code): array
    {
        return self::AMBIGUITIES[(string) $code] ?? ['Ownership is not proven (' . $code . ').', 'See its detail.'];
    }
}
