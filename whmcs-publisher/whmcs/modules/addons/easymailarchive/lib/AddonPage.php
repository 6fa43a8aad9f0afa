<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The addon's page: health, failed events, drift, waiting services and the adoption form, each value escaped. The
 * worker is asked for its status first; when that fails (not reachable, not set up) the page says so once and asks
 * it nothing more, and still shows what WHMCS itself knows (the outbox).
 */
final class EmaAddonPage
{
    public const SECTIONS = [
        'ema-health' => 'Health',
        'ema-failed' => 'Failed events',
        'ema-drift' => 'Drift',
        'ema-waiting' => 'Waiting services',
        'ema-adopt' => 'Adopt a tenant',
    ];

    /** Rows shown per table; the rest is counted. */
    private const MAX_ROWS = 200;

    /** A backlog whose oldest service waited longer than this is worth a look. */
    private const SLOW_BACKLOG_SECONDS = 300;

    /** Usage is collected daily: older than this, the last collection is late. */
    private const USAGE_LATE_SECONDS = 26 * 3600;

    public function __construct(private readonly EmaAddonSettings $settings, private readonly EmaWorkerAdmin $worker)
    {
    }

    /** @param array $query the page's GET parameters (filters) */
    public function render(array $query, ?array $result): string
    {
        $filterReason = self::param($query, 'filter_reason');
        $filterService = self::param($query, 'filter_service');
        $withReplayed = self::param($query, 'with_replayed') === '1';
        $status = $letters = $report = $usage = null;
        $problems = [];
        $unreachable = null;
        try {
            $status = $this->worker->status();
        } catch (EmaWorkerError $e) {
            $unreachable = $e->getMessage();
        }
        if ($unreachable === null) {
            $letters = self::ask(fn () => $this->worker->deadLetters(), 'letters', $problems);
            $report = self::ask(fn () => $this->worker->lastReconcile(), 'report', $problems);
            $usage = self::ask(fn () => $this->worker->usageRuns(), 'usage', $problems);
        }
        try {
            $outbox = EmaOutbox::fromCapsule()->summary();
        } catch (Throwable $e) {
            $outbox = null;
            $problems['outbox'] = 'The outbox table (' . EmaOutbox::TABLE . ') could not be read: ' . $e->getMessage();
        }

        $html = '<div class="ema-addon" id="ema-addon">';
        if ($result !== null) {
            $html .= $this->result($result);
        }
        if ($unreachable !== null) {
            $html .= self::alert('danger', 'The provisioning worker cannot be asked: ' . $unreachable
                . ' Failed events, drift and waiting services need it; the outbox below is WHMCS\'s own.');
        }
        $html .= $this->health($status, $report, $usage, $outbox, $problems);
        $html .= $this->failed(
            $letters,
            [$filterReason, $filterService, $withReplayed],
            $unreachable ?? ($problems['letters'] ?? null)
        );
        $html .= $this->drift($report, $unreachable ?? ($problems['report'] ?? null));
        $html .= $this->waiting($report, $letters, $unreachable);
        $html .= $this->adoptForm();
        return $html . '</div>';
    }

    // ---- what an action did

    private function result(array $result): string
    {
        $level = ['success' => 'success', 'info' => 'info', 'warning' => 'warning'][$result['level']] ?? 'danger';
        $html = '<div id="ema-result">' . self::alert($level, (string) $result['message']);
        if (isset($result['replay'])) {
            $html .= $this->replayResult($result);
        }
        if (isset($result['report']) && !empty($result['report']['fix'])) {
            $html .= $this->fixes((array) ($result['report']['fixes'] ?? []));
        }
        return $html . '</div>';
    }

    private function replayResult(array $result): string
    {
        $items = is_array($result['replay']['items'] ?? null) ? $result['replay']['items'] : [];
        $outcomes = [
            'WOULD_REPLAY' => 'would be replayed',
            'REPLAYED' => 'replayed',
            'ALREADY_REPLAYED' => 'already replayed: left out',
            'FAILED' => 'not replayed',
        ];
        $rows = [];
        foreach (array_slice($items, 0, self::MAX_ROWS) as $item) {
            $outcome = (string) ($item['outcome'] ?? '');
            $rows[] = [
                EmaHtml::service($item['serviceId'] ?? ''),
                EmaHtml::e($item['type'] ?? ''),
                '<code>' . EmaHtml::e($item['eventId'] ?? '') . '</code>',
                EmaHtml::e($item['reason'] ?? ''),
                EmaHtml::e($outcomes[$outcome] ?? strtolower($outcome))
                    . (empty($item['error']) ? '' : ': ' . EmaHtml::e($item['error'])),
            ];
        }
        $html = self::table(['Service', 'Type', 'Event', 'Reason', 'Outcome'], $rows, 'ema-replay-items')
            . self::more(count($items));
        $wouldReplay = (int) ($result['replay']['counts']['WOULD_REPLAY'] ?? 0);
        if (!empty($result['dryRun']) && $wouldReplay > 0 && $result['selection'] instanceof EmaReplaySelection) {
            $html .= '<form method="post" action="' . $this->link('ema-failed') . '" class="ema-confirm">'
                . generate_token('form')
                . '<input type="hidden" name="ema_action" value="replay" />'
                . $result['selection']->hiddenFields()
                . '<input type="hidden" name="reason" value="' . EmaHtml::e($result['reason']) . '" />'
                . '<p>Reason sent with the events: <strong>' . EmaHtml::e($result['reason']) . '</strong></p>'
                . '<button type="submit" class="btn btn-danger" id="ema-replay-confirm">Replay ' . $wouldReplay
                . ' event' . ($wouldReplay === 1 ? '' : 's') . ' now</button> '
                . '<a class="btn btn-default" href="' . $this->link('ema-failed') . '">Cancel</a></form>';
        }
        return $html;
    }

    private function fixes(array $fixes): string
    {
        $rows = [];
        foreach (array_slice($fixes, 0, self::MAX_ROWS) as $fix) {
            $rows[] = [
                EmaHtml::e($fix['kind'] ?? ''),
                EmaHtml::service($fix['serviceId'] ?? ''),
                EmaHtml::e($fix['remedy'] ?? ''),
                EmaHtml::e($fix['result'] ?? ''),
                EmaHtml::e($fix['detail'] ?? ''),
            ];
        }
        return $rows === [] ? '' : '<h3>Corrections</h3>'
            . self::table(['Kind', 'Service', 'Remedy', 'Result', 'Detail'], $rows, 'ema-fixes')
            . self::more(count($fixes));
    }

    // ---- health

    private function health(?array $status, ?array $report, ?array $usage, ?array $outbox, array $problems): string
    {
        $rows = [];
        if ($status !== null) {
            $rows[] = self::circuit((string) ($status['circuitState'] ?? ''));
            $rows[] = self::keys($status);
            $rows[] = self::backlog($status['servicesDue'] ?? null, $status['oldestDueSeconds'] ?? null);
            $waiting = $status['waitingForCreate'] ?? null;
            $rows[] = ['Waiting for a create', self::number($waiting), 'Services whose events wait for a create that'
                . ' never came (typically services of the inline module).', ((int) $waiting) > 0
                ? 'See Waiting services below.' : 'Nothing.'];
            $notices = $status['openNotices'] ?? null;
            $rows[] = $notices === null
                ? ['Open failures', 'not tracked', 'The worker reports no failures to WHMCS (its notices are off).',
                    'See Failed events below.']
                : ['Open failures', self::number($notices), 'Services with a failure the worker reported to WHMCS'
                    . ' (Activity Log, ticket or note) that is not resolved yet.', ((int) $notices) > 0
                    ? 'See Failed events below: fix the cause, then replay.' : 'Nothing.'];
            $rows[] = self::lastReconcile($report, $status['lastReconcile'] ?? null);
        } else {
            $rows[] = ['Provisioning worker', '<strong>unavailable</strong>', 'The worker could not be asked (see'
                . ' above).', 'Check the worker and the addon\'s settings.'];
        }
        $rows[] = self::usage($usage, isset($problems['usage']) ? (string) $problems['usage'] : null);
        $rows[] = self::outbox($outbox, isset($problems['outbox']) ? (string) $problems['outbox'] : null);
        return self::heading('ema-health')
            . self::table(['', 'Now', 'What it means', 'What to do'], $rows, 'ema-health-table', false);
    }

    /**
     * The reseller API key row; with several reseller accounts (one per WHMCS server), which of their keys
     * are refused and where each is set.
     */
    private static function keys(array $status): array
    {
        if (empty($status['keyRefused'])) {
            return ['Reseller API key', 'accepted', 'The archive takes the worker\'s key.', 'Nothing.'];
        }
        $accounts = is_array($status['accounts'] ?? null) ? $status['accounts'] : [];
        $refused = array_values(array_filter(
            $accounts,
            static fn ($a): bool => is_array($a) && !empty($a['keyRefused'])
        ));
        if (count($accounts) <= 1 || $refused === []) {
            return ['Reseller API key', '<strong>refused</strong>', 'The archive refuses the reseller API key for'
                . ' every call: provisioning is paused for all services (nothing is dead-lettered).', 'Set the'
                . ' working key in EMA_ARCHIVE_API_KEY on every worker; they probe every 30 s and resume by'
                . ' themselves.'];
        }
        $names = [];
        $settings = [];
        foreach ($refused as $account) {
            $servers = array_map('intval', is_array($account['serverIds'] ?? null) ? $account['serverIds'] : []);
            $names[] = EmaHtml::e((string) ($account['name'] ?? ''));
            $settings[] = $servers === [] ? 'EMA_ARCHIVE_API_KEY'
                : 'EMA_ARCHIVE_ACCOUNTS_' . $servers[0] . '_API_KEY';
        }
        return ['Reseller API key', '<strong>refused: ' . implode(', ', $names) . '</strong>', 'The archive refuses'
            . ' the key of ' . implode(', ', $names) . ' for every call: provisioning is paused for the services of'
            . ' that account only (nothing is dead-lettered); the other accounts go on.', 'Set the working key in '
            . EmaHtml::e(implode(', ', $settings)) . ' on every worker; they probe every 30 s and resume by'
            . ' themselves.'];
    }

    private static function circuit(string $state): array
    {
        return match ($state) {
            'closed' => ['Archive API', 'answering', 'The circuit is closed: calls to the archive go through.',
                'Nothing.'],
            'open' => ['Archive API', '<strong>circuit open</strong>', 'The archive API keeps failing; the worker'
                . ' paused its work and its consumers (nothing is dead-lettered meanwhile).', 'Check the archive\'s'
                . ' status and the network path; the worker probes every 30 s and resumes by itself.'],
            'half_open' => ['Archive API', 'probing', 'The worker is trying the archive again after failures.',
                'Nothing: it closes the circuit as soon as the probes succeed.'],
            default => ['Archive API', EmaHtml::e($state === '' ? 'unknown' : $state), 'The worker did not say.',
                'Check the worker.'],
        };
    }

    private static function backlog($due, $oldest): array
    {
        $value = self::number($due) . ' due' . ($oldest === null || (int) $due === 0
            ? '' : ', oldest waiting ' . EmaHtml::duration((float) $oldest));
        $slow = $oldest !== null && (float) $oldest > self::SLOW_BACKLOG_SECONDS;
        return ['Ledger backlog', $value, 'Services whose archive work, WHMCS write-back or tenant-state publication'
            . ' is due now.', $slow ? 'The worker falls behind: check the archive circuit and key above, the'
            . ' worker\'s log and database; more worker instances share the work.' : 'Nothing.'];
    }

    private static function lastReconcile(?array $report, $fromStatus): array
    {
        $last = $report ?? (is_array($fromStatus) ? $fromStatus : null);
        if ($last === null) {
            return ['Last reconciliation', 'none yet', 'No reconciliation has run on this worker instance since it'
                . ' started.', 'Press Run now under Drift.'];
        }
        $outcome = (string) ($last['outcome'] ?? '');
        $value = EmaHtml::time($last['finishedAt'] ?? null) . ', ' . EmaHtml::e($outcome);
        return match ($outcome) {
            'clean' => ['Last reconciliation', $value, 'WHMCS, the ledger and the archive agreed.', 'Nothing.'],
            'failed' => ['Last reconciliation', $value, 'A view could not be read: '
                . EmaHtml::e($last['error'] ?? ''), 'Check that the worker reaches WHMCS and the archive; run again.'],
            default => ['Last reconciliation', $value, 'Differences were found.', 'See Drift below.'],
        };
    }

    private static function usage(?array $usage, ?string $problem): array
    {
        if ($problem !== null) {
            return ['Last usage collection', '<strong>unavailable</strong>', EmaHtml::e($problem),
                'Check the usage worker\'s URL in the addon\'s settings.'];
        }
        if ($usage === null) {
            return ['Last usage collection', 'not configured', 'No usage worker URL is set in the addon\'s settings.',
                'Set it to see when usage last reached WHMCS (optional).'];
        }
        $last = $usage['lastSuccess'] ?? null;
        if ($last === null) {
            return ['Last usage collection', 'none yet', 'The usage worker has not completed a collection.',
                'Wait for the daily run, or start one (POST /admin/usage/collect on the usage worker).'];
        }
        $age = EmaHtml::ageSeconds((string) $last);
        $late = $age !== null && $age > self::USAGE_LATE_SECONDS;
        return ['Last usage collection', EmaHtml::time((string) $last), 'Usage figures reach WHMCS after each'
            . ' collection (daily).', $late ? 'Late: check the usage worker\'s schedule and log.' : 'Nothing.'];
    }

    private static function outbox(?array $outbox, ?string $problem): array
    {
        if ($outbox === null) {
            return ['Outbox in WHMCS', '<strong>unavailable</strong>', EmaHtml::e((string) $problem),
                'Check WHMCS\'s database.'];
        }
        $value = $outbox['queued'] . ' queued, ' . $outbox['failed'] . ' failed';
        if ($outbox['oldestQueuedAt'] !== null) {
            $value .= ', oldest ' . EmaHtml::time($outbox['oldestQueuedAt']);
        }
        if ($outbox['failed'] > 0) {
            return ['Outbox in WHMCS', $value, 'The gateway refused some events for good; the later events of those'
                . ' services wait behind them.', 'Fix the cause (the server\'s Access Hash, the service data), then'
                . ' on each service page: Retry outbox delivery, or Discard failed outbox events.'];
        }
        return ['Outbox in WHMCS', $value, 'Lifecycle events waiting in WHMCS because the gateway could not be'
            . ' reached; the WHMCS cron sends them, oldest first.', $outbox['queued'] > 0 ? 'Nothing, unless they'
            . ' stay: then check the gateway and that the WHMCS cron runs.' : 'Nothing.'];
    }

    // ---- failed events

    /** @param array{0: string, 1: string, 2: bool} $filters reason, service, whether replayed ones are shown */
    private function failed(?array $letters, array $filters, ?string $problem): string
    {
        [$reason, $service, $withReplayed] = $filters;
        $html = self::heading('ema-failed');
        $html .= '<form method="get" action="' . EmaHtml::e($this->linkPath()) . '#ema-failed" class="ema-filters">'
            . $this->linkQueryFields()
            . '<label>Reason <input type="text" name="filter_reason" value="' . EmaHtml::e($reason) . '"'
            . ' placeholder="e.g. unauthorized" /></label> '
            . '<label>Service <input type="text" name="filter_service" value="' . EmaHtml::e($service) . '"'
            . ' size="8" placeholder="id" /></label> '
            . '<label><input type="checkbox" name="with_replayed" value="1"' . ($withReplayed ? ' checked' : '')
            . ' /> also those replayed already</label> '
            . '<button type="submit" class="btn btn-default">Filter</button></form>';
        if ($problem !== null) {
            return $html . self::alert('warning', 'Failed events unavailable: ' . $problem);
        }
        $shown = array_values(array_filter(
            (array) $letters,
            static fn (array $letter): bool => self::matches($letter, $reason, $service)
                && ($withReplayed || (int) ($letter['replays'] ?? 0) === 0)
        ));
        if ($shown === []) {
            return $html . '<p class="ema-empty">' . (($letters === []) ? 'No failed events: the worker has applied'
                . ' everything it received.' : 'No failed event waiting for a replay matches the filters (a'
                . ' replayed one that failed again is listed anew).') . '</p>';
        }
        $rows = [];
        foreach (array_slice(array_reverse($shown), 0, self::MAX_ROWS) as $letter) {
            $eventId = (string) ($letter['eventId'] ?? '');
            [$meaning, $todo] = EmaPlainWords::reason($letter['reason'] ?? null);
            $rows[] = [
                $eventId === '' ? '' : '<input type="checkbox" name="events[]" value="' . EmaHtml::e($eventId) . '" />',
                EmaHtml::service($letter['serviceId'] ?? ''),
                EmaHtml::e($letter['type'] ?? ''),
                '<code>' . EmaHtml::e($letter['reason'] ?? '') . '</code><br />' . EmaHtml::e($meaning)
                    . '<br /><em>' . EmaHtml::e($todo) . '</em>'
                    . (empty($letter['exceptionMessage']) ? ''
                        : '<br /><small>' . EmaHtml::e($letter['exceptionMessage']) . '</small>'),
                EmaHtml::e((string) ($letter['attempts'] ?? '')),
                EmaHtml::time($letter['firstFailure'] ?? null),
                EmaHtml::time($letter['lastFailure'] ?? ($letter['time'] ?? null)),
                EmaHtml::e((string) ($letter['replays'] ?? 0)),
                $eventId === '' ? '' : '<button type="submit" name="one" value="' . EmaHtml::e($eventId) . '"'
                    . ' class="btn btn-default btn-xs ema-replay-one">Replay…</button>',
            ];
        }
        return $html . '<form method="post" action="' . $this->link('ema-failed') . '" class="ema-replay">'
            . generate_token('form')
            . '<input type="hidden" name="ema_action" value="preview_replay" />'
            . '<input type="hidden" name="filter_reason" value="' . EmaHtml::e($reason) . '" />'
            . '<input type="hidden" name="filter_service" value="' . EmaHtml::e($service) . '" />'
            . self::table(
                ['', 'Service', 'Type', 'Reason', 'Attempts', 'First failure', 'Last failure', 'Replays', ''],
                $rows,
                'ema-dead-letters'
            )
            . self::more(count($shown))
            . '<p><label>Reason for the replay <input type="text" name="reason" id="ema-replay-reason" required'
            . ' maxlength="200" size="40" placeholder="e.g. archive key fixed" /></label></p>'
            . '<p><button type="submit" name="scope" value="selected" class="btn btn-default">Preview replay of the'
            . ' ticked</button> <button type="submit" name="scope" value="matching" class="btn btn-default"'
            . ' id="ema-replay-matching">Preview replay of all ' . count($shown) . ' shown</button></p>'
            . '<p class="ema-hint">Each replay shows a dry run first: nothing is sent until you confirm.</p></form>';
    }

    /** The same rules as the worker's filter: part of the reason (any case), the service id exactly. */
    private static function matches(array $letter, string $reason, string $service): bool
    {
        return ($reason === '' || stripos((string) ($letter['reason'] ?? ''), $reason) !== false)
            && ($service === '' || (string) ($letter['serviceId'] ?? '') === $service);
    }

    // ---- drift

    private function drift(?array $report, ?string $problem): string
    {
        $html = self::heading('ema-drift')
            . '<form method="post" action="' . $this->link('ema-drift') . '" class="ema-reconcile">'
            . generate_token('form')
            . '<button type="submit" name="ema_action" value="reconcile" class="btn btn-default" id="ema-run-now">'
            . 'Run now</button> '
            . '<button type="submit" name="ema_action" value="fix" class="btn btn-primary" id="ema-fix">Fix</button>'
            . ' <span class="ema-hint">Run now only reports. Fix corrects what may be corrected through the normal'
            . ' path (events, the module\'s Create, write-backs, adoptions) and never deletes anything.</span></form>';
        if ($problem !== null) {
            return $html . self::alert('warning', 'Drift unavailable: ' . $problem);
        }
        if ($report === null) {
            return $html . '<p class="ema-empty">No reconciliation has run on this worker instance yet: press Run'
                . ' now.</p>';
        }
        $drifts = array_values(array_filter((array) ($report['drifts'] ?? []), 'is_array'));
        $html .= '<p>Last run ' . EmaHtml::time($report['finishedAt'] ?? null) . ' (' . EmaHtml::e($report['outcome']
            ?? '') . (empty($report['fix']) ? ', report only' : ', with fixes') . '): '
            . (int) ($report['services'] ?? 0) . ' WHMCS services and ' . (int) ($report['tenants'] ?? 0)
            . ' tenants compared.</p>';
        if (($report['outcome'] ?? '') === 'failed') {
            return $html . self::alert('danger', 'It could not compare everything: ' . ($report['error'] ?? ''));
        }
        if ($drifts === []) {
            return $html . '<p class="ema-empty">No drift: WHMCS, the ledger and the archive agree.</p>';
        }
        $kinds = [];
        foreach ((array) ($report['counts'] ?? []) as $kind => $count) {
            if ((int) $count > 0) {
                [$meaning, $todo] = EmaPlainWords::kind((string) $kind);
                $kinds[] = ['<code>' . EmaHtml::e((string) $kind) . '</code>', (string) (int) $count,
                    EmaHtml::e($meaning), EmaHtml::e($todo)];
            }
        }
        $html .= self::table(['Kind', 'Services', 'What it means', 'What to do'], $kinds, 'ema-drift-kinds');
        $rows = [];
        foreach (array_slice($drifts, 0, self::MAX_ROWS) as $drift) {
            $rows[] = self::driftRow($drift);
        }
        $html .= '<h3>Differences</h3>'
            . self::table(['Kind', 'Service', 'Slug', 'WHMCS', 'Ledger', 'Archive', 'Detail'], $rows, 'ema-drifts')
            . self::more(count($drifts));
        return $html . $this->import($drifts);
    }

    /** The import of an existing installation: what Fix adopts, and what it leaves to a person. */
    private function import(array $drifts): string
    {
        $untracked = array_filter($drifts, static fn (array $d): bool => ($d['kind'] ?? '') === 'untracked_service');
        $ambiguous = array_filter($drifts, static fn (array $d): bool => ($d['kind'] ?? '') === 'ownership_ambiguous');
        if ($untracked === [] && $ambiguous === []) {
            return '';
        }
        $html = '<h3 id="ema-import">Import of an existing installation</h3>';
        if ($untracked !== []) {
            $rows = [];
            foreach (array_slice($untracked, 0, self::MAX_ROWS) as $drift) {
                $rows[] = [EmaHtml::service($drift['serviceId'] ?? ''), EmaHtml::e($drift['slug'] ?? ''),
                    EmaHtml::e($drift['whmcsStatus'] ?? '')];
            }
            $html .= '<p>Fix adopts these ' . count($untracked) . ' service(s): each one\'s Archive slug field names'
                . ' a tenant nothing else holds.</p>'
                . self::table(['Service', 'Tenant', 'WHMCS status'], $rows, 'ema-untracked')
                . self::more(count($untracked));
        }
        if ($ambiguous !== []) {
            $rows = [];
            foreach (array_slice($ambiguous, 0, self::MAX_ROWS) as $drift) {
                [$meaning, $todo] = EmaPlainWords::ambiguity($drift['ambiguity'] ?? null);
                $rows[] = [EmaHtml::service($drift['serviceId'] ?? ''), EmaHtml::e($drift['slug'] ?? ''),
                    '<code>' . EmaHtml::e($drift['ambiguity'] ?? '') . '</code><br />' . EmaHtml::e($meaning),
                    EmaHtml::e($todo)];
            }
            $html .= '<p>Left to a person (never adopted while ambiguous):</p>'
                . self::table(['Service', 'Tenant', 'Ambiguity', 'What to do'], $rows, 'ema-ambiguous')
                . self::more(count($ambiguous));
        }
        return $html;
    }

    private static function driftRow(array $drift): array
    {
        $kind = (string) ($drift['kind'] ?? '');
        $label = '<code>' . EmaHtml::e($kind) . '</code>';
        if (!empty($drift['ambiguity'])) {
            $label .= '<br /><small>' . EmaHtml::e((string) $drift['ambiguity']) . '</small>';
        }
        return [
            $label,
            EmaHtml::service($drift['serviceId'] ?? ''),
            EmaHtml::e($drift['slug'] ?? ''),
            EmaHtml::e($drift['whmcsStatus'] ?? ''),
            EmaHtml::e($drift['ledgerStatus'] ?? ''),
            EmaHtml::e($drift['archiveStatus'] ?? ''),
            EmaHtml::e($drift['detail'] ?? ''),
        ];
    }

    // ---- waiting services

    private function waiting(?array $report, ?array $letters, ?string $problem): string
    {
        $html = self::heading('ema-waiting');
        if ($problem !== null) {
            return $html . self::alert('warning', 'Waiting services unavailable: the worker cannot be asked.');
        }
        $rows = [];
        foreach ((array) ($report['drifts'] ?? []) as $drift) {
            if (($drift['kind'] ?? '') === 'waiting_for_create') {
                $rows[(string) $drift['serviceId']] = [EmaHtml::service($drift['serviceId'] ?? ''),
                    'waiting for a create', EmaHtml::e($drift['detail'] ?? ''), 'If the service has a tenant (the'
                    . ' inline module made it), put its slug in the Archive slug field and press Fix; otherwise run'
                    . ' the module\'s Create on the service.'];
            }
        }
        $parked = 'Agree on another archive name with the customer, set it on the service and run the module\'s'
            . ' Create; if the tenant really is the customer\'s, adopt it below.';
        foreach ((array) ($report['drifts'] ?? []) as $drift) {
            $detail = (string) ($drift['detail'] ?? '');
            if (($drift['kind'] ?? '') === 'dead_lettered' && str_contains($detail, '(slug_taken)')) {
                $rows[(string) $drift['serviceId']] = [EmaHtml::service($drift['serviceId'] ?? ''),
                    'parked: archive name taken', EmaHtml::e($drift['detail'] ?? ''), EmaHtml::e($parked)];
            }
        }
        foreach ((array) $letters as $letter) {
            $id = (string) ($letter['serviceId'] ?? '');
            if (($letter['reason'] ?? '') === 'slug_taken' && ($letter['replays'] ?? 0) === 0 && !isset($rows[$id])) {
                $rows[$id] = [EmaHtml::service($id), 'parked: archive name taken',
                    EmaHtml::e($letter['exceptionMessage'] ?? 'The archive name the customer asked for is taken.'),
                    EmaHtml::e($parked)];
            }
        }
        if ($rows === []) {
            return $html . '<p class="ema-empty">No service waits for a person.'
                . ($report === null ? ' (Services waiting for a create are listed once a reconciliation ran.)' : '')
                . '</p>';
        }
        return $html . self::table(['Service', 'State', 'Detail', 'What it needs'], array_values($rows), 'ema-waiting');
    }

    // ---- adoption

    private function adoptForm(): string
    {
        return self::heading('ema-adopt')
            . '<p>For a service whose tenant exists but cannot be proven by its Archive slug field (a service parked'
            . ' after a refused archive name whose customer really owns the tenant, a service outside the reconciled'
            . ' products). The tenant must exist under your key and belong to no other service.</p>'
            . '<form method="post" action="' . $this->link('ema-adopt') . '" class="ema-adopt" id="ema-adopt-form">'
            . generate_token('form')
            . '<input type="hidden" name="ema_action" value="adopt" />'
            . '<label>Service id <input type="text" name="service_id" size="8" required pattern="[0-9]+" /></label> '
            . '<label>Tenant slug <input type="text" name="slug" size="20" required /></label> '
            . '<label>Reason <input type="text" name="reason" size="40" required maxlength="200"'
            . ' placeholder="e.g. the customer\'s tenant, ticket #4711" /></label> '
            . '<button type="submit" class="btn btn-primary" id="ema-adopt-submit">Adopt</button></form>';
    }

    // ---- helpers

    /** The call's answer, or null with the reason kept under $name. */
    private static function ask(callable $call, string $name, array &$problems): ?array
    {
        try {
            return $call();
        } catch (EmaWorkerError $e) {
            $problems[$name] = $e->getMessage();
            return null;
        }
    }

    private function link(string $anchor): string
    {
        return EmaHtml::e($this->settings->moduleLink) . '#' . $anchor;
    }

    private function linkPath(): string
    {
        return (string) strtok($this->settings->moduleLink, '?');
    }

    /** The module link's query (module=easymailarchive) as hidden fields, for GET forms. */
    private function linkQueryFields(): string
    {
        parse_str((string) parse_url($this->settings->moduleLink, PHP_URL_QUERY), $params);
        $html = '';
        foreach ($params as $name => $value) {
            if (is_string($value)) {
                $html .= '<input type="hidden" name="' . EmaHtml::e((string) $name) . '" value="' . EmaHtml::e($value)
                    . '" />';
            }
        }
        return $html;
    }

    private static function heading(string $anchor): string
    {
        return '<h2 id="' . $anchor . '">' . EmaHtml::e(self::SECTIONS[$anchor]) . '</h2>';
    }

    /** @param list<list<string>> $rows cells already escaped */
    private static function table(array $headers, array $rows, string $id, bool $striped = true): string
    {
        $html = '<table class="table table-condensed' . ($striped ? ' table-striped' : '') . '" id="' . $id . '">'
            . '<thead><tr>';
        foreach ($headers as $header) {
            $html .= '<th>' . EmaHtml::e($header) . '</th>';
        }
        $html .= '</tr></thead><tbody>';
        foreach ($rows as $row) {
            $html .= '<tr><td>' . implode('</td><td>', $row) . '</td></tr>';
        }
        return $html . '</tbody></table>';
    }

    private static function more(int $total): string
    {
        return $total > self::MAX_ROWS
            ? '<p class="ema-hint">' . ($total - self::MAX_ROWS) . ' more not shown.</p>' : '';
    }

    private static function alert(string $level, string $message): string
    {
        return '<div class="alert alert-' . $level . '">' . EmaHtml::e($message) . '</div>';
    }

    private static function number($value): string
    {
        return $value === null ? 'unknown' : (string) (int) $value;
    }

    private static function param(array $query, string $name): string
    {
        return is_string($query[$name] ?? null) ? trim(mb_substr($query[$name], 0, 200)) : '';
    }
}
