<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * What an admin's button does: checked against WHMCS's CSRF token first, carried out through the worker's admin
 * API, and written to WHMCS's Activity Log with the admin's name, whatever came of it. The answer is what the page
 * shows above its sections: a level (success, info, warning, error), a message, and the worker's answer.
 */
final class EmaAddonActions
{
    public const LOG_PREFIX = 'Easy Mail Archive bridge: ';

    private const NAMES = [
        'preview_replay' => 'a replay preview',
        'replay' => 'a replay',
        'reconcile' => 'a reconciliation',
        'fix' => 'a reconciliation with fixes',
        'adopt' => 'an adoption',
    ];

    public function __construct(private readonly EmaWorkerAdmin $worker, private readonly string $admin)
    {
    }

    public function handle(string $action, array $post): array
    {
        $name = self::NAMES[$action] ?? null;
        if (!self::tokenValid()) {
            $this->log('was refused ' . ($name ?? 'an unknown action') . ': the request had no valid security token');
            return self::result('error', 'Refused: the request did not carry this page\'s security token (it may'
                . ' have come from another site, or the page was open too long). Nothing was done; reload the page'
                . ' and try again.');
        }
        if ($name === null) {
            return self::result('error', 'Unknown action: nothing was done.');
        }
        try {
            return match ($action) {
                'preview_replay' => $this->replay($post, true),
                'replay' => $this->replay($post, false),
                'reconcile' => $this->reconcile(false),
                'fix' => $this->reconcile(true),
                'adopt' => $this->adopt($post),
            };
        } catch (InvalidArgumentException $e) {
            return self::result('error', $e->getMessage() . ' Nothing was done.');
        } catch (EmaWorkerError $e) {
            $this->log('tried ' . $name . ', which failed: ' . $e->getMessage());
            return self::result('error', $e->getMessage());
        }
    }

    private function replay(array $post, bool $dryRun): array
    {
        $selection = EmaReplaySelection::fromPost($post);
        $reason = is_string($post['reason'] ?? null) ? trim(mb_substr($post['reason'], 0, 200)) : '';
        if ($reason === '') {
            throw new InvalidArgumentException('Say why you replay (for example "archive key fixed"): the reason'
                . ' goes with the replayed events.');
        }
        $answer = $this->worker->replay($selection->request($reason, $dryRun));
        $counts = is_array($answer['counts'] ?? null) ? $answer['counts'] : [];
        $count = static fn (string $outcome): int => (int) ($counts[$outcome] ?? 0);
        $what = $selection->describe() . ', reason "' . $reason . '"';
        if ($dryRun) {
            $summary = $count('WOULD_REPLAY') . ' would be replayed, ' . $count('ALREADY_REPLAYED')
                . ' already replayed (left out), ' . $count('FAILED') . ' cannot be';
            $this->log('previewed a replay of ' . $what . ': ' . $summary);
            $level = $count('WOULD_REPLAY') > 0 ? 'info' : 'warning';
            $message = 'Dry run, nothing sent yet: ' . $summary . '.'
                . ($count('WOULD_REPLAY') > 0 ? ' Check the list, then replay.' : ' There is nothing to replay.');
        } else {
            $summary = $count('REPLAYED') . ' replayed, ' . $count('ALREADY_REPLAYED') . ' already replayed (left'
                . ' out), ' . $count('FAILED') . ' failed';
            $this->log('replayed ' . $what . ': ' . $summary);
            $level = $count('FAILED') > 0 ? 'warning' : ($count('REPLAYED') > 0 ? 'success' : 'info');
            $message = 'Replay done: ' . $summary . '. The worker applies the replayed events in a few seconds;'
                . ' a dead letter that fails again shows up again below.';
        }
        return self::result($level, $message) + [
            'replay' => $answer,
            'selection' => $selection,
            'reason' => $reason,
            'dryRun' => $dryRun,
        ];
    }

    private function reconcile(bool $fix): array
    {
        $report = $this->worker->reconcile($fix);
        $outcome = (string) ($report['outcome'] ?? '');
        $drifts = count(is_array($report['drifts'] ?? null) ? $report['drifts'] : []);
        if ($outcome === 'failed') {
            $this->log(($fix ? 'ran a fix' : 'ran a reconciliation') . ', which failed: ' . ($report['error'] ?? ''));
            return self::result('error', 'The reconciliation could not compare everything: '
                . ($report['error'] ?? 'no reason given') . '. Nothing was changed.') + ['report' => $report];
        }
        if (!$fix) {
            $this->log('ran a reconciliation (report only): ' . $outcome . ', ' . $drifts . ' difference(s)');
            $found = $drifts === 0 ? 'no drift.' : $drifts . ' difference(s), listed under Drift.';
            return self::result($drifts === 0 ? 'success' : 'info', 'Reconciliation done (nothing changed): '
                . $found) + ['report' => $report];
        }
        $results = [];
        foreach ((array) ($report['fixes'] ?? []) as $fixResult) {
            $key = (string) ($fixResult['result'] ?? 'unknown');
            $results[$key] = ($results[$key] ?? 0) + 1;
        }
        $words = [];
        foreach ($results as $key => $n) {
            $words[] = $n . ' ' . $key;
        }
        $summary = $words === [] ? 'nothing to fix' : implode(', ', $words);
        $this->log('ran a fix: ' . $drifts . ' difference(s) found; corrections: ' . $summary);
        $level = isset($results['failed']) ? 'warning' : 'success';
        return self::result($level, 'Fix done: ' . $drifts . ' difference(s) found; corrections: ' . $summary
            . '. What needs a person stays listed under Drift.') + ['report' => $report];
    }

    private function adopt(array $post): array
    {
        $id = is_string($post['service_id'] ?? null) ? trim($post['service_id']) : '';
        $slug = is_string($post['slug'] ?? null) ? trim(mb_substr($post['slug'], 0, 100)) : '';
        $reason = is_string($post['reason'] ?? null) ? trim(mb_substr($post['reason'], 0, 200)) : '';
        if (!preg_match('/^[1-9][0-9]{0,18}$/', $id)) {
            throw new InvalidArgumentException('Give the WHMCS service id (a number).');
        }
        if ($slug === '' || $reason === '') {
            throw new InvalidArgumentException('Give the tenant\'s slug and why it is this service\'s (the reason is'
                . ' kept as the proof).');
        }
        try {
            $answer = $this->worker->adopt((int) $id, $slug, $reason);
        } catch (EmaWorkerError $e) {
            $this->log('tried to adopt tenant "' . $slug . '" for service #' . $id . ', which failed: '
                . $e->getMessage());
            return self::result('error', $e->getMessage());
        }
        $this->log('adopted tenant "' . $slug . '" for service #' . $id . ', reason "' . $reason . '"');
        return self::result('success', 'Service #' . $id . ' now owns tenant "' . $slug . '".'
            . (!empty($answer['eventsDue']) ? ' Its waiting events apply now.' : '')
            . ' Its slug is written back into WHMCS.') + ['adopted' => $answer];
    }

    /** check_token() ends the request in WHMCS when the token is wrong; here the page says so instead. */
    private static function tokenValid(): bool
    {
        try {
            return check_token('WHMCS.admin.default') !== false;
        } catch (Throwable $e) {
            return false;
        }
    }

    private function log(string $what): void
    {
        // One line, without control characters or markup, whatever the operator typed.
        $line = preg_replace('/[\x00-\x1F\x7F<>]+/u', ' ', self::LOG_PREFIX . $this->admin . ' ' . $what);
        logActivity(mb_substr((string) $line, 0, 1000));
    }

    private static function result(string $level, string $message): array
    {
        return ['level' => $level, 'message' => $message];
    }
}
