<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What the client area, single sign-on and the admin's service page show about a service.
 *
 * The provisioning worker writes the tenant's slug and access URL onto the service through
 * WHMCS's API: custom fields "Archive slug" and "Archive URL", and the service username = slug.
 * Until they are there, the archive is still being provisioned.
 */
final class EmaServiceView
{
    public const SLUG_FIELDS = ['archive slug'];
    public const URL_FIELDS = ['archive url'];

    /**
     * @param ?string $tenantStatus the tenant's own status as the usage-sync worker last read it
     *        from the archive ("active", "suspended", ...), or null when unknown
     */
    private function __construct(private readonly array $params, private readonly ?string $tenantStatus = null)
    {
    }

    public static function fromParams(array $params): self
    {
        return new self($params);
    }

    /** The same view, with the tenant's own status from the worker (null: unknown). */
    public function withTenantStatus(?string $status): self
    {
        $status = $status === null ? '' : strtolower(trim($status));
        return new self($this->params, $status === '' ? null : $status);
    }

    /**
     * The tenant's own status from the usage-sync worker's endpoint for this one service, or null
     * when the worker cannot tell (not provisioned yet, no figures, unreachable: the reason goes to
     * the Module Log). Short timeouts: a client is waiting for the page.
     */
    public static function tenantStatusFromWorker(array $params): ?string
    {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null || self::fromParams($params)->archiveUrl() === null) {
            return null;
        }
        $config = EmaServerConfig::fromParams($params);
        $log = EmaModuleLog::forParams($params);
        try {
            $client = new EmaUsageClient(
                $config->usageUrl(),
                $config->requireGatewaySecret(),
                new EmaHttpClient(2, 4),
                $log
            );
            $usage = $client->usage([$serviceId], 'ClientArea');
        } catch (EmaModuleException $e) {
            $log->write('ClientArea', EmaModuleLog::safeParams($params), $e->getMessage());
            return null;
        }
        $status = $usage[$serviceId]['status'] ?? null;
        return is_string($status) && $status !== '' ? $status : null;
    }

    /** The access URL, only when it is an http(s) URL (it ends up in links and redirects). */
    public function archiveUrl(): ?string
    {
        $url = EmaEventBuilder::customField($this->params, self::URL_FIELDS);
        if (
            $url === null
            || !preg_match('#^https?://[^\s/?\#]+#i', $url)
            || filter_var($url, FILTER_VALIDATE_URL) === false
        ) {
            return null;
        }
        return $url;
    }

    /**
     * The tenant slug. WHMCS fills the service username itself (from the domain) before the worker
     * has run, so the username counts as the slug only once the worker has written the URL.
     */
    public function slug(): ?string
    {
        $slug = EmaEventBuilder::customField($this->params, self::SLUG_FIELDS);
        if ($slug !== null) {
            return $slug;
        }
        $username = is_scalar($this->params['username'] ?? null) ? trim((string) $this->params['username']) : '';
        return $username !== '' && $this->archiveUrl() !== null ? $username : null;
    }

    /** "active", "suspended" or "provisioning". */
    public function status(): string
    {
        $status = strtolower(trim(is_scalar($this->params['status'] ?? null) ? (string) $this->params['status'] : ''));
        if (in_array($status, ['suspended', 'terminated', 'cancelled', 'fraud'], true)) {
            // Terminate suspends the tenant: data is kept, nobody can log in.
            return 'suspended';
        }
        // The tenant's own status wins over WHMCS's: an unsuspend not applied yet, or a tenant
        // suspended at the archive, leaves the tenant suspended whatever WHMCS says.
        if (in_array($this->tenantStatus, ['suspended', 'deleted', 'terminated', 'cancelled'], true)) {
            return 'suspended';
        }
        // Active in WHMCS only means the gateway took the create event; the tenant exists once
        // the worker has written its access URL.
        return $this->archiveUrl() !== null ? 'active' : 'provisioning';
    }

    /**
     * @param bool $pendingDelivery the service has events waiting in the outbox: the last action
     *        is not applied yet, whatever the WHMCS status says
     */
    public function templateVariables(bool $pendingDelivery = false): array
    {
        $status = $this->status();
        return [
            'emaStatus' => $status,
            'emaStatusLabel' => [
                'active' => 'Active',
                'suspended' => 'Suspended',
                'provisioning' => 'Being provisioned',
            ][$status],
            'emaArchiveUrl' => $this->archiveUrl() ?? '',
            'emaSlug' => $this->slug() ?? '',
            'emaCanLogIn' => $status === 'active',
            'emaPendingDelivery' => $pendingDelivery,
        ];
    }

    /**
     * The outbox rows for the admin's service page: empty when the service has none.
     *
     * @param list<EmaOutboxRow> $rows oldest first
     */
    public static function outboxFields(array $rows): array
    {
        if ($rows === []) {
            return [];
        }
        $lines = [];
        $anyFailed = false;
        foreach ($rows as $row) {
            $line = $row->describe() . ' · queued ' . $row->queuedAt . ' · ';
            if ($row->failed()) {
                $anyFailed = true;
                $line .= 'FAILED, refused by the gateway: ' . $row->lastError;
            } else {
                $line .= $row->attempts === 0
                    ? 'waiting for the cron (' . $row->lastError . ')'
                    : 'waiting; cron attempt ' . $row->attempts . ' at ' . $row->lastAttemptAt . ' failed: '
                        . $row->lastError;
            }
            $lines[] = self::h($line);
        }
        $summary = count($rows) . ' event(s) in the outbox, sent in this order by the WHMCS cron';
        $fields = ['Pending delivery' => self::h($summary) . '<br>' . implode('<br>', $lines)];
        if ($anyFailed) {
            $fields['Outbox action needed'] = self::h(
                'A failed event holds back the later ones of this service. Fix the cause shown, then press '
                . '"Retry outbox delivery"; or press "Discard failed outbox events" and redo the action.'
            );
        }
        return $fields;
    }

    /**
     * The "Last failure" row: the worker's newest Activity Log line about the service.
     *
     * @param array{id: int, status: string}|null $ticket the ticket the failure line names, when found
     * @param bool $ticketUnavailable tbltickets could not be read
     */
    public static function lastFailureFields(
        ?EmaServiceReport $report,
        ?array $ticket = null,
        bool $ticketUnavailable = false
    ): array {
        if ($report === null) {
            return [
                'Last failure' => self::h('none among the last ' . EmaActivityLog::SCAN_ROWS . ' Activity Log entries'),
            ];
        }
        if ($report->kind === EmaServiceReport::RECOVERY) {
            return ['Last failure' => self::h('none open · resolved ' . $report->at . ': ' . $report->text
                . '; the failure (' . $report->reasonCode . ') is resolved')];
        }
        if ($report->kind === EmaServiceReport::UNRECOGNISED) {
            return ['Last failure' => self::h($report->at . ': ' . $report->line . ' (not in the expected format)')];
        }
        $html = self::h('failed at ' . $report->at . ' (' . $report->reasonCode . '): ' . $report->text)
            . '<br>' . self::h('Replay once fixed: ') . '<code>' . self::h($report->replayCommand) . '</code>';
        if ($report->ticket !== null) {
            $name = self::h('ticket #' . $report->ticket);
            $html .= '<br>' . self::h('Support: ') . match (true) {
                $ticketUnavailable => $name . self::h(' (status unavailable)'),
                $ticket === null => $name . self::h(' (not found)'),
                default => '<a href="supporttickets.php?action=view&amp;id=' . $ticket['id'] . '">' . $name . '</a> '
                    . self::h('(' . $ticket['status'] . ')'),
            };
        }
        return ['Last failure' => $html];
    }

    /**
     * The rows for the admin's service page, label => HTML. Every value is escaped here.
     */
    public function adminFields(?EmaServiceEvents $events, ?string $storeError = null): array
    {
        $url = $this->archiveUrl();
        $fields = [
            'Archive slug' => self::h($this->slug() ?? 'not provisioned yet'),
            'Archive URL' => $url === null
                ? self::h('not provisioned yet')
                : '<a href="' . self::h($url) . '" target="_blank" rel="noopener noreferrer">' . self::h($url) . '</a>',
        ];
        if ($storeError !== null) {
            $fields['Last event sent'] = self::h('unavailable: ' . $storeError);
            return $fields;
        }
        if ($events === null || $events->lastEventId === null) {
            $fields['Last event sent'] = self::h('none yet');
        } else {
            $fields['Last event sent'] = self::h(
                $events->lastType . ' · id ' . $events->lastEventId . ' · occurred ' . $events->lastOccurredAt
            );
            $outcome = match ($events->lastOutcome) {
                'accepted' => 'accepted by the gateway at ' . $events->lastAttemptAt . ' (' . $events->lastDetail . ')',
                'queued' => 'queued at ' . $events->lastAttemptAt . ' in the outbox, for the WHMCS cron to deliver: '
                    . $events->lastDetail,
                default => 'failed at ' . $events->lastAttemptAt . ': ' . $events->lastDetail,
            };
            if ($events->attempts > 1) {
                $outcome .= ' — attempt ' . $events->attempts;
            }
            $fields['Last event outcome'] = self::h($outcome);
        }
        if ($events !== null && $events->hasPending()) {
            $fields['Event awaiting delivery'] = self::h(
                $events->pendingType . ' · id ' . $events->pendingEventId . ' · occurred ' . $events->pendingOccurredAt
                . ' — a retry of this action re-sends this same event'
            );
        }
        return $fields;
    }

    private static function h(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }
}
