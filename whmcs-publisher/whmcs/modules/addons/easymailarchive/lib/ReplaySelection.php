<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Which failed events the admin asked to replay: one (its row's button), the ticked ones, or every one matching the
 * page's filters (reason, service); as posted by the page's forms, and as the replay endpoint's request.
 */
final class EmaReplaySelection
{
    public const ONE = 'one';
    public const SELECTED = 'selected';
    public const MATCHING = 'matching';

    /** @param list<string> $eventIds */
    private function __construct(
        public readonly string $scope,
        public readonly array $eventIds,
        public readonly string $filterReason,
        public readonly string $filterService
    ) {
    }

    /** @throws InvalidArgumentException with what is missing */
    public static function fromPost(array $post): self
    {
        $reason = self::text($post['filter_reason'] ?? '');
        $service = self::text($post['filter_service'] ?? '');
        $one = self::text($post['one'] ?? '');
        if ($one !== '') {
            return new self(self::ONE, [$one], $reason, $service);
        }
        $scope = self::text($post['scope'] ?? '');
        if ($scope === self::MATCHING) {
            return new self(self::MATCHING, [], $reason, $service);
        }
        $ids = [];
        foreach ((array) ($post['events'] ?? []) as $id) {
            $id = self::text($id);
            if ($id !== '') {
                $ids[$id] = $id;
            }
        }
        if ($ids === []) {
            throw new InvalidArgumentException('Tick the failed events to replay, or replay all matching.');
        }
        return new self(self::SELECTED, array_values($ids), $reason, $service);
    }

    /** The body of POST /admin/dead-letters/replay. */
    public function request(string $reason, bool $dryRun): array
    {
        $request = ['reason' => $reason, 'dryRun' => $dryRun];
        if ($this->scope !== self::MATCHING) {
            return $request + ['eventId' => $this->eventIds];
        }
        if ($this->filterReason === '' && $this->filterService === '') {
            return $request + ['all' => true];
        }
        if ($this->filterReason !== '') {
            $request['failureReason'] = $this->filterReason;
        }
        if ($this->filterService !== '') {
            $request['service'] = [$this->filterService];
        }
        return $request;
    }

    /** In words, for messages and the Activity Log. */
    public function describe(): string
    {
        if ($this->scope === self::ONE) {
            return 'failed event ' . $this->eventIds[0];
        }
        if ($this->scope === self::SELECTED) {
            return count($this->eventIds) . ' selected failed event' . (count($this->eventIds) === 1 ? '' : 's');
        }
        $filters = [];
        if ($this->filterReason !== '') {
            $filters[] = 'reason "' . $this->filterReason . '"';
        }
        if ($this->filterService !== '') {
            $filters[] = 'service #' . $this->filterService;
        }
        return 'every failed event' . ($filters === [] ? '' : ' matching ' . implode(' and ', $filters));
    }

    /** The form fields that post the same selection again (the preview's confirmation). */
    public function hiddenFields(): string
    {
        $fields = [
            'scope' => $this->scope,
            'filter_reason' => $this->filterReason,
            'filter_service' => $this->filterService,
        ];
        if ($this->scope === self::ONE) {
            $fields['one'] = $this->eventIds[0];
        }
        $html = '';
        foreach ($fields as $name => $value) {
            $html .= '<input type="hidden" name="' . $name . '" value="' . EmaHtml::e($value) . '" />';
        }
        if ($this->scope === self::SELECTED) {
            foreach ($this->eventIds as $id) {
                $html .= '<input type="hidden" name="events[]" value="' . EmaHtml::e($id) . '" />';
            }
        }
        return $html;
    }

    private static function text($value): string
    {
        return is_string($value) ? trim(mb_substr($value, 0, 200)) : '';
    }
}
