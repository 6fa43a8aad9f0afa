<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * The provisioning worker's admin API (and the usage worker's last collections), called from WHMCS with the admin
 * token as a bearer token. Reads wait at most 15 s; actions (a replay reads the dead-letter topic, a
 * reconciliation reads WHMCS and the archive) up to 120 s. Every failure is an EmaWorkerError with a plain message.
 */
final class EmaWorkerAdmin
{
    public function __construct(
        private readonly EmaAddonSettings $settings,
        private readonly EmaHttpClient $reads,
        private readonly EmaHttpClient $actions
    ) {
    }

    public static function fromSettings(EmaAddonSettings $settings): self
    {
        return new self($settings, new EmaHttpClient(5, 15), new EmaHttpClient(5, 120));
    }

    /** GET /admin/status: circuit, key, backlog, waiting services, open notices, last reconciliation. */
    public function status(): array
    {
        return $this->json($this->settings->workerUrl, 'GET', '/admin/status', null, $this->reads);
    }

    /** GET /admin/dead-letters: every dead letter of the worker's topic, oldest first. */
    public function deadLetters(): array
    {
        return array_values(array_filter(
            $this->json($this->settings->workerUrl, 'GET', '/admin/dead-letters', null, $this->reads),
            'is_array'
        ));
    }

    /** POST /admin/dead-letters/replay (a dry run when the request says so). */
    public function replay(array $request): array
    {
        return $this->json($this->settings->workerUrl, 'POST', '/admin/dead-letters/replay', $request, $this->actions);
    }

    /**
     * GET /admin/reconcile: the last report of the instance, null when none has run yet (a 404; the page asks only
     * once /admin/status answered, so the endpoints are there).
     */
    public function lastReconcile(): ?array
    {
        $base = $this->settings->workerUrl;
        $response = $this->exchange($base, 'GET', '/admin/reconcile', null, $this->reads, [200, 404]);
        return $response->status === 404 ? null : $this->decode($response);
    }

    /** POST /admin/reconcile?fix=: the new report (also when a view could not be read: outcome "failed"). */
    public function reconcile(bool $fix): array
    {
        $path = '/admin/reconcile?fix=' . ($fix ? 'true' : 'false');
        $response = $this->exchange($this->settings->workerUrl, 'POST', $path, null, $this->actions, [200, 503]);
        return $this->decode($response);
    }

    /** POST /admin/services/{id}/adopt. */
    public function adopt(int $serviceId, string $slug, string $reason): array
    {
        return $this->json(
            $this->settings->workerUrl,
            'POST',
            '/admin/services/' . $serviceId . '/adopt',
            ['slug' => $slug, 'reason' => $reason],
            $this->actions
        );
    }

    /** GET {usage worker}/admin/usage/runs; null when no usage worker URL is set. */
    public function usageRuns(): ?array
    {
        if ($this->settings->usageUrl === '') {
            return null;
        }
        return $this->json($this->settings->usageUrl, 'GET', '/admin/usage/runs', null, $this->reads);
    }

    private function json(string $base, string $method, string $path, ?array $body, EmaHttpClient $http): array
    {
        return $this->decode($this->exchange($base, $method, $path, $body, $http, [200]));
    }

    private function decode(EmaHttpResponse $response): array
    {
        $decoded = json_decode($response->body, true);
        if (!is_array($decoded)) {
            throw new EmaWorkerError('The worker answered HTTP ' . $response->status . ' without the JSON expected'
                . ($response->body === '' ? ' (an empty answer)' : '') . ': is the URL the worker\'s own port?');
        }
        return $decoded;
    }

    /** @param list<int> $accepted */
    private function exchange(
        string $base,
        string $method,
        string $path,
        ?array $body,
        EmaHttpClient $http,
        array $accepted
    ): EmaHttpResponse {
        if ($base === '') {
            throw new EmaWorkerError('No worker admin URL is set: enter it under System Settings > Addon Modules >'
                . ' Easy Mail Archive bridge > Configure.', true);
        }
        if ($this->settings->token === '') {
            throw new EmaWorkerError('No admin token is set: enter the workers\' admin token (EMA_ADMIN_TOKEN) under'
                . ' System Settings > Addon Modules > Easy Mail Archive bridge > Configure.', true);
        }
        $headers = ['Authorization' => 'Bearer ' . $this->settings->token, 'Accept' => 'application/json'];
        if ($body !== null) {
            $headers['Content-Type'] = 'application/json';
        }
        $encoded = $body === null ? null : json_encode($body, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
        $response = $http->send($method, $base . $path, $headers, $encoded === false ? '{}' : $encoded);
        if ($response->failed()) {
            throw new EmaWorkerError('The worker at ' . $base . ' did not answer (' . $response->error . '): check'
                . ' that it runs and that this WHMCS server can reach it.', true);
        }
        if (in_array($response->status, $accepted, true)) {
            return $response;
        }
        throw EmaWorkerError::fromAnswer($base, $response);
    }
}
