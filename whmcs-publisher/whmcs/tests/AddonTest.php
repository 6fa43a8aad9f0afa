<?php

/**
 * The addon's page and actions against a stand-in for the worker's admin API: what it shows, what it sends, what
 * it writes to the Activity Log, and what it refuses (no CSRF token, no reason, a worker that cannot be asked).
 */
final class AddonTest extends ModuleTestCase
{
    private const TOKEN = 'adm1n-T0ken-never-shown';
    private const EVENT = '6f1c0b8e-1111-4a5b-9c3d-000000001042';
    private const OTHER_EVENT = '91aa0b8e-2222-4a5b-9c3d-000000001047';

    private FakeWorker $worker;

    protected function setUp(): void
    {
        parent::setUp();
        $this->worker = FakeWorker::start(self::TOKEN);
        \WHMCS\Database\Capsule::pdo()->exec('CREATE TABLE tbladmins (id INTEGER PRIMARY KEY, roleid INT NOT NULL,'
            . ' username TEXT NOT NULL, firstname TEXT NOT NULL, lastname TEXT NOT NULL)');
        \WHMCS\Database\Capsule::pdo()->exec("INSERT INTO tbladmins VALUES (1, 1, 'jane', 'Jane', 'Operator')");
        $_SESSION = ['adminid' => 1];
        $_GET = $_POST = $_REQUEST = [];
        $this->healthyWorker();
    }

    protected function tearDown(): void
    {
        $this->worker->stop();
        $_SESSION = $_GET = $_POST = $_REQUEST = [];
        parent::tearDown();
    }

    // ---- what WHMCS calls

    public function testConfigDeclaresWhatWhmcsNeedsAndTheTokenIsAPassword(): void
    {
        $config = easymailarchive_config();

        foreach (['name', 'description', 'author', 'language', 'version', 'fields'] as $key) {
            self::assertArrayHasKey($key, $config);
        }
        foreach ($config['fields'] as $field) {
            self::assertArrayHasKey('FriendlyName', $field);
            self::assertContains($field['Type'], ['text', 'password']);
        }
        self::assertSame('password', $config['fields']['admin_token']['Type']);
        self::assertSame('text', $config['fields']['worker_url']['Type']);
        self::assertSame('text', $config['fields']['usage_url']['Type']);
    }

    public function testActivateTellsWhatToSetAndDeactivateRemovesNothing(): void
    {
        $activated = easymailarchive_activate();
        self::assertSame('success', $activated['status']);
        self::assertStringContainsString('Access Control', $activated['description']);

        self::assertSame('success', easymailarchive_deactivate()['status']);
    }

    public function testSidebarLinksToEverySection(): void
    {
        $sidebar = easymailarchive_sidebar(['modulelink' => 'addonmodules.php?module=easymailarchive']);

        foreach (array_keys(EmaAddonPage::SECTIONS) as $anchor) {
            self::assertStringContainsString('addonmodules.php?module=easymailarchive#' . $anchor, $sidebar);
        }
    }

    // ---- the page

    public function testThePageShowsHealthFailedEventsDriftAndWaitingServices(): void
    {
        EmaOutbox::fromCapsule()->enqueue(1042, 2, 'SuspendAccount', [
            'type' => 'service.suspend',
            'eventId' => 'e0000000-0000-4000-8000-000000000001',
            'occurredAt' => '2026-11-26T14:00:00.000000Z',
        ], 'gateway unreachable');

        $page = $this->page();

        // health, each with what it means
        self::assertStringContainsString('answering', $page);
        self::assertStringContainsString('3 due, oldest waiting 2 min', $page);
        self::assertStringContainsString('1 queued, 0 failed', $page);
        self::assertStringContainsString('2026-11-26 02:00:05 UTC', $page);
        // failed events, linked to their services, in plain words
        self::assertStringContainsString('href="clientsservices.php?productselect=1042"', $page);
        self::assertStringContainsString('archive_unauthorized', $page);
        self::assertStringContainsString('EMA_ARCHIVE_API_KEY', $page);
        self::assertStringContainsString('value="' . self::EVENT . '"', $page);
        self::assertStringContainsString('2026-11-26 14:02:11 UTC', $page);
        // drift, the import and its ambiguities
        self::assertStringContainsString('untracked_service', $page);
        self::assertStringContainsString('Import of an existing installation', $page);
        self::assertStringContainsString('slug_named_twice', $page);
        self::assertStringContainsString('Two or more WHMCS services name the same tenant', $page);
        // waiting services, with what each needs
        self::assertStringContainsString('waiting for a create', $page);
        self::assertStringContainsString('parked: archive name taken', $page);
        self::assertStringContainsString('productselect=1047', $page);
        // every form carries WHMCS's CSRF token; the admin token stays on the server
        self::assertStringContainsString('name="token" value="' . generate_token('plain') . '"', $page);
        self::assertStringNotContainsString(self::TOKEN, $page);
        foreach ($this->worker->requests() as $request) {
            self::assertSame('Bearer ' . self::TOKEN, $request['headers']['authorization']);
        }
    }

    public function testTheFiltersNarrowTheFailedEvents(): void
    {
        $page = $this->page([], ['filter_reason' => 'SLUG', 'filter_service' => '1047']);

        self::assertStringContainsString('value="' . self::OTHER_EVENT . '"', $page);
        self::assertStringNotContainsString('value="' . self::EVENT . '"', $page);
        self::assertStringContainsString('Preview replay of all 1 shown', $page);
    }

    public function testReplayedDeadLettersAreListedOnlyWhenAskedFor(): void
    {
        $this->worker->answer('GET /admin/dead-letters', 200, [[
            'time' => '2026-11-26T14:02:11.514Z', 'serviceId' => '1042', 'type' => 'service.create',
            'eventId' => self::EVENT, 'reason' => 'archive_unauthorized', 'attempts' => 1, 'replays' => 1,
        ]]);

        self::assertStringContainsString('No failed event waiting for a replay', $this->page());
        self::assertStringContainsString(
            'value="' . self::EVENT . '"',
            $this->page([], ['with_replayed' => '1'])
        );
    }

    public function testAnEmptyWorkerSaysThereIsNothingToDo(): void
    {
        $this->worker->answer('GET /admin/status', 200, [
            'circuitState' => 'closed', 'keyRefused' => false, 'servicesDue' => 0, 'oldestDueSeconds' => 0,
            'waitingForCreate' => 0, 'openNotices' => 0, 'lastReconcile' => null,
        ]);
        $this->worker->answer('GET /admin/dead-letters', 200, []);
        $this->worker->answer('GET /admin/reconcile', 404, ['status' => 404, 'detail' => 'No reconciliation has run']);
        $this->worker->answer('GET /admin/usage/runs', 200, ['running' => false, 'lastSuccess' => null, 'runs' => []]);

        $page = $this->page();

        self::assertStringContainsString('No failed events', $page);
        self::assertStringContainsString('No reconciliation has run on this worker instance yet', $page);
        self::assertStringContainsString('No service waits for a person', $page);
        self::assertStringContainsString('0 queued, 0 failed', $page);
    }

    public function testARefusedKeyOfOneOfSeveralAccountsNamesThatAccountAndItsSetting(): void
    {
        $this->healthyWorker();
        $this->worker->answer('GET /admin/status', 200, [
            'circuitState' => 'closed', 'keyRefused' => true, 'servicesDue' => 4, 'oldestDueSeconds' => 40,
            'waitingForCreate' => 0, 'openNotices' => 0, 'lastReconcile' => null,
            'accounts' => [
                ['name' => 'default', 'serverIds' => [], 'key' => '1a2b3c4d', 'circuitState' => 'closed',
                    'keyRefused' => false],
                ['name' => 'server 2', 'serverIds' => [2], 'key' => '5e6f7a8b', 'circuitState' => 'closed',
                    'keyRefused' => true],
            ],
        ]);

        $page = $this->page();

        self::assertStringContainsString('refused: server 2', $page);
        self::assertStringContainsString('the other accounts go on', $page);
        self::assertStringContainsString('EMA_ARCHIVE_ACCOUNTS_2_API_KEY', $page);
        self::assertStringNotContainsString('paused for all services', $page);
    }

    public function testAnUnreachableWorkerIsOneClearMessageAndTheOutboxIsStillShown(): void
    {
        $page = $this->page([], [], ['worker_url' => PhpServer::closedPortUrl()]);

        self::assertStringContainsString('The provisioning worker cannot be asked', $page);
        self::assertStringContainsString('did not answer', $page);
        self::assertStringContainsString('0 queued, 0 failed', $page);
        self::assertStringNotContainsString('Stack trace', $page);
        self::assertStringNotContainsString('#0 ', $page);
        self::assertStringNotContainsString(self::TOKEN, $page);
    }

    public function testAWrongTokenOrNoSettingsSaySo(): void
    {
        self::assertStringContainsString('refused the admin token', $this->page([], [], ['admin_token' => 'wrong']));
        self::assertStringContainsString('No worker admin URL is set', $this->page([], [], ['worker_url' => '']));
        self::assertStringContainsString('No admin token is set', $this->page([], [], ['admin_token' => '']));
    }

    public function testAnAnswerThatIsNotJsonIsAMessage(): void
    {
        $this->worker->answer('GET /admin/dead-letters', 200, '');

        self::assertStringContainsString('without the JSON expected (an empty answer)', $this->page());
    }

    public function testEverythingTheWorkerSaysIsEscaped(): void
    {
        $this->worker->answer('GET /admin/dead-letters', 200, [[
            'time' => '2026-11-26T14:02:11.514Z', 'serviceId' => '<b>1042</b>', 'type' => 'service.create',
            'eventId' => '"><script>alert("id")</script>', 'reason' => '<script>alert("reason")</script>',
            'attempts' => 1, 'exceptionMessage' => '<img src=x onerror=alert(1)>', 'replays' => 0,
        ]]);
        $report = $this->report();
        $report['drifts'][0]['slug'] = '<script>alert("slug")</script>';
        $report['drifts'][0]['detail'] = 'names <script>alert("detail")</script>';
        $this->worker->answer('GET /admin/reconcile', 200, $report);
        $this->worker->answer('POST /admin/services/1047/adopt', 409, [
            'title' => 'Conflict', 'status' => 409, 'detail' => "No tenant '<script>alert(\"adopt\")</script>'",
        ]);

        $page = $this->page($this->post('adopt', [
            'service_id' => '1047', 'slug' => 'acme', 'reason' => '<script>alert("reason")</script>',
        ]));

        self::assertStringNotContainsString('<script>', $page);
        self::assertStringNotContainsString('<img', $page);
        self::assertStringNotContainsString('<b>1042', $page);
        self::assertStringContainsString('&lt;script&gt;alert(&quot;reason&quot;)&lt;/script&gt;', $page);
        self::assertStringContainsString('&lt;script&gt;alert(&quot;slug&quot;)&lt;/script&gt;', $page);
        self::assertStringContainsString('&lt;script&gt;alert(&quot;adopt&quot;)&lt;/script&gt;', $page);
        self::assertStringNotContainsString('<', implode('', WhmcsHooks::$activity));
    }

    // ---- actions

    public function testAPreviewIsADryRunWithTheReasonAndOffersTheReplay(): void
    {
        $this->worker->answer('POST /admin/dead-letters/replay', 200, $this->replayAnswer(true));

        $page = $this->page($this->post('preview_replay', ['one' => self::EVENT, 'reason' => 'archive key fixed']));

        self::assertSame(
            ['reason' => 'archive key fixed', 'dryRun' => true, 'eventId' => [self::EVENT]],
            $this->sent('/admin/dead-letters/replay')
        );
        self::assertStringContainsString('Dry run, nothing sent yet: 1 would be replayed', $page);
        self::assertStringContainsString('would be replayed', $page);
        self::assertStringContainsString('<input type="hidden" name="ema_action" value="replay" />', $page);
        self::assertStringContainsString('<input type="hidden" name="one" value="' . self::EVENT . '" />', $page);
        self::assertStringContainsString('<input type="hidden" name="reason" value="archive key fixed" />', $page);
        self::assertStringContainsString('Replay 1 event now', $page);
        self::assertSame(
            ['Easy Mail Archive bridge: Jane Operator (jane) previewed a replay of failed event ' . self::EVENT
                . ', reason "archive key fixed": 1 would be replayed, 0 already replayed (left out), 0 cannot be'],
            WhmcsHooks::$activity
        );
    }

    public function testAReplaySendsTheSelectionAndIsLoggedWithTheAdminsName(): void
    {
        $this->worker->answer('POST /admin/dead-letters/replay', 200, $this->replayAnswer(false));

        $page = $this->page($this->post('replay', ['one' => self::EVENT, 'reason' => 'archive key fixed']));

        self::assertSame(
            ['reason' => 'archive key fixed', 'dryRun' => false, 'eventId' => [self::EVENT]],
            $this->sent('/admin/dead-letters/replay')
        );
        self::assertStringContainsString('Replay done: 1 replayed, 0 already replayed (left out), 0 failed', $page);
        self::assertSame(
            ['Easy Mail Archive bridge: Jane Operator (jane) replayed failed event ' . self::EVENT
                . ', reason "archive key fixed": 1 replayed, 0 already replayed (left out), 0 failed'],
            WhmcsHooks::$activity
        );
    }

    public function testTheTickedOrAllMatchingEventsAreReplayed(): void
    {
        $this->worker->answer('POST /admin/dead-letters/replay', 200, $this->replayAnswer(true));

        $this->page($this->post('preview_replay', [
            'scope' => 'selected', 'events' => [self::EVENT, self::OTHER_EVENT], 'reason' => 'fixed',
        ]));
        self::assertSame([self::EVENT, self::OTHER_EVENT], $this->sent('/admin/dead-letters/replay')['eventId']);

        $this->page($this->post('preview_replay', [
            'scope' => 'matching', 'filter_reason' => 'unauthorized', 'filter_service' => '1042', 'reason' => 'fixed',
        ]));
        self::assertSame(
            ['reason' => 'fixed', 'dryRun' => true, 'failureReason' => 'unauthorized', 'service' => ['1042']],
            $this->sent('/admin/dead-letters/replay')
        );

        $this->page($this->post('preview_replay', ['scope' => 'matching', 'reason' => 'fixed']));
        self::assertSame(
            ['reason' => 'fixed', 'dryRun' => true, 'all' => true],
            $this->sent('/admin/dead-letters/replay')
        );
    }

    public function testAReplayNeedsAReasonAndASelection(): void
    {
        $page = $this->page($this->post('preview_replay', ['one' => self::EVENT, 'reason' => '  ']));
        self::assertStringContainsString('Say why you replay', $page);

        $page = $this->page($this->post('replay', ['scope' => 'selected', 'reason' => 'fixed']));
        self::assertStringContainsString('Tick the failed events to replay', $page);

        self::assertSame([], $this->worker->requests('/admin/dead-letters/replay'));
    }

    public function testRunNowReportsAndFixCorrects(): void
    {
        $this->worker->answer('POST /admin/reconcile', 200, $this->report());

        $page = $this->page($this->post('reconcile'));
        self::assertSame('fix=false', $this->lastRequest('/admin/reconcile')['query']);
        self::assertStringContainsString('Reconciliation done (nothing changed): 4 difference(s)', $page);

        $fixed = $this->report();
        $fixed['fix'] = true;
        $fixed['fixes'] = [[
            'kind' => 'untracked_service', 'serviceId' => 1051, 'remedy' => 'adopt', 'result' => 'applied',
            'detail' => "adopted tenant 'kept'",
        ]];
        $this->worker->answer('POST /admin/reconcile', 200, $fixed);

        $page = $this->page($this->post('fix'));
        self::assertSame('fix=true', $this->lastRequest('/admin/reconcile')['query']);
        self::assertStringContainsString('Fix done: 4 difference(s) found; corrections: 1 applied', $page);
        self::assertStringContainsString('adopted tenant &#039;kept&#039;', $page);
        self::assertSame([
            'Easy Mail Archive bridge: Jane Operator (jane) ran a reconciliation (report only): drift, 4 difference(s)',
            'Easy Mail Archive bridge: Jane Operator (jane) ran a fix: 4 difference(s) found; corrections: 1 applied',
        ], WhmcsHooks::$activity);
    }

    public function testAnAdoptionSendsTheSlugAndReason(): void
    {
        $this->worker->answer('POST /admin/services/1047/adopt', 200, [
            'serviceId' => 1047, 'slug' => 'acme', 'adopted' => true, 'eventsDue' => true,
        ]);

        $page = $this->page($this->post('adopt', [
            'service_id' => '1047', 'slug' => 'acme', 'reason' => 'the customer\'s tenant, ticket #4711',
        ]));

        self::assertSame(
            ['slug' => 'acme', 'reason' => 'the customer\'s tenant, ticket #4711'],
            $this->sent('/admin/services/1047/adopt')
        );
        self::assertStringContainsString('Service #1047 now owns tenant &quot;acme&quot;', $page);
        self::assertSame(
            ['Easy Mail Archive bridge: Jane Operator (jane) adopted tenant "acme" for service #1047, reason'
                . ' "the customer\'s tenant, ticket #4711"'],
            WhmcsHooks::$activity
        );
    }

    public function testARefusedAdoptionShowsWhyAndIsLogged(): void
    {
        $this->worker->answer('POST /admin/services/1047/adopt', 409, [
            'title' => 'Conflict', 'status' => 409, 'detail' => 'The archive has no tenant \'acme\' under this key',
        ]);

        $page = $this->page($this->post('adopt', ['service_id' => '1047', 'slug' => 'acme', 'reason' => 'r']));

        self::assertStringContainsString('The worker refused (HTTP 409): The archive has no tenant', $page);
        self::assertStringContainsString('which failed', WhmcsHooks::$activity[0]);
    }

    public function testARequestWithoutTheCsrfTokenIsRefusedAndNothingReachesTheWorker(): void
    {
        $withoutToken = $this->post('fix');
        unset($withoutToken['token']);

        $page = $this->page($withoutToken);
        $forged = ['token' => 'forged'] + $this->post('adopt', ['service_id' => '1', 'slug' => 'a', 'reason' => 'r']);
        $this->page($forged);

        self::assertStringContainsString('Refused: the request did not carry this page&#039;s security token', $page);
        foreach ($this->worker->requests() as $request) {
            self::assertSame('GET', $request['method'], 'only the page was read');
        }
        self::assertSame([
            'Easy Mail Archive bridge: Jane Operator (jane) was refused a reconciliation with fixes: the request had'
                . ' no valid security token',
            'Easy Mail Archive bridge: Jane Operator (jane) was refused an adoption: the request had no valid'
                . ' security token',
        ], WhmcsHooks::$activity);
    }

    public function testAWorkerThatCannotBeReachedDuringAnActionIsLogged(): void
    {
        $page = $this->page($this->post('fix'), [], ['worker_url' => PhpServer::closedPortUrl()]);

        self::assertStringContainsString('did not answer', $page);
        self::assertStringContainsString('tried a reconciliation with fixes, which failed', WhmcsHooks::$activity[0]);
    }

    // ---- helpers

    private function page(array $post = [], array $get = [], array $settings = []): string
    {
        $_POST = $post;
        $_GET = ['module' => 'easymailarchive'] + $get;
        $_REQUEST = $_GET + $_POST;
        $_SERVER['REQUEST_METHOD'] = $post === [] ? 'GET' : 'POST';
        $vars = array_replace([
            'module' => 'easymailarchive',
            'modulelink' => 'addonmodules.php?module=easymailarchive',
            'version' => '1.0',
            'access' => '1',
            'worker_url' => $this->worker->url,
            'admin_token' => self::TOKEN,
            'usage_url' => $this->worker->url,
        ], $settings);
        ob_start();
        try {
            easymailarchive_output($vars);
        } finally {
            $page = (string) ob_get_clean();
        }
        return $page;
    }

    /** A form post as the page's buttons send it, with the session's CSRF token. */
    private function post(string $action, array $fields = []): array
    {
        return ['token' => generate_token('plain'), 'ema_action' => $action] + $fields;
    }

    /** The JSON body of the last request to $path. */
    private function sent(string $path): array
    {
        return json_decode($this->lastRequest($path)['body'], true);
    }

    /** The last POST to $path (the page itself only reads). */
    private function lastRequest(string $path): array
    {
        $requests = array_filter(
            $this->worker->requests($path),
            static fn (array $r): bool => $r['method'] === 'POST'
        );
        self::assertNotEmpty($requests, 'nothing was sent to ' . $path);
        return end($requests);
    }

    private function healthyWorker(): void
    {
        $this->worker->answer('GET /admin/status', 200, [
            'circuitState' => 'closed', 'keyRefused' => false, 'servicesDue' => 3, 'oldestDueSeconds' => 125.4,
            'waitingForCreate' => 1, 'openNotices' => 2,
            'lastReconcile' => ['finishedAt' => '2026-11-26T15:00:00Z', 'outcome' => 'drift'],
        ]);
        $this->worker->answer('GET /admin/dead-letters', 200, [
            [
                'time' => '2026-11-26T14:02:11.514Z', 'serviceId' => '1042', 'type' => 'service.create',
                'eventId' => self::EVENT, 'reason' => 'archive_unauthorized', 'attempts' => 1,
                'firstFailure' => '2026-11-26T14:02:11.400Z', 'lastFailure' => '2026-11-26T14:02:11.500Z',
                'exceptionMessage' => 'archive create failed with HTTP 401', 'replays' => 0,
            ],
            [
                'time' => '2026-11-26T14:05:40.020Z', 'serviceId' => '1047', 'type' => 'service.create',
                'eventId' => self::OTHER_EVENT, 'reason' => 'slug_taken', 'attempts' => 1, 'replays' => 0,
            ],
        ]);
        $this->worker->answer('GET /admin/reconcile', 200, $this->report());
        $this->worker->answer('GET /admin/usage/runs', 200, [
            'running' => false, 'lastSuccess' => '2026-11-26T02:00:05Z', 'runs' => [],
        ]);
    }

    private function report(): array
    {
        return [
            'startedAt' => '2026-11-26T14:59:59Z', 'finishedAt' => '2026-11-26T15:00:00Z', 'fix' => false,
            'outcome' => 'drift', 'services' => 12, 'tenants' => 11, 'inProgress' => [],
            'counts' => ['untracked_service' => 1, 'ownership_ambiguous' => 2, 'waiting_for_create' => 1],
            'drifts' => [
                $this->drift('untracked_service', 1051, 'kept', 'adopt', null),
                $this->drift('ownership_ambiguous', 1052, 'shared', 'none', 'slug_named_twice'),
                $this->drift('ownership_ambiguous', 1053, 'shared', 'none', 'slug_named_twice'),
                $this->drift('waiting_for_create', 1050, null, 'none', null),
            ],
            'fixes' => [], 'error' => null,
        ];
    }

    private function drift(string $kind, int $serviceId, ?string $slug, string $remedy, ?string $ambiguity): array
    {
        return [
            'kind' => $kind, 'serviceId' => $serviceId, 'slug' => $slug, 'whmcsStatus' => 'Active',
            'ledgerStatus' => null, 'archiveStatus' => $slug === null ? null : 'active',
            'detail' => 'detail of ' . $kind, 'remedy' => $remedy, 'ambiguity' => $ambiguity,
        ];
    }

    private function replayAnswer(bool $dryRun): array
    {
        $outcome = $dryRun ? 'WOULD_REPLAY' : 'REPLAYED';
        return [
            'topic' => 'ema.lifecycle.v1-dlt', 'dryRun' => $dryRun,
            'counts' => ['REPLAYED' => 0, 'WOULD_REPLAY' => 0, 'ALREADY_REPLAYED' => 0, 'FAILED' => 0, $outcome => 1],
            'items' => [[
                'deadLetter' => 'ema.lifecycle.v1-dlt/0/7', 'eventId' => self::EVENT, 'serviceId' => '1042',
                'type' => 'service.create', 'reason' => 'archive_unauthorized', 'target' => 'ema.lifecycle.v1',
                'outcome' => $outcome, 'replays' => $dryRun ? 0 : 1, 'error' => null,
            ]],
        ];
    }
}
