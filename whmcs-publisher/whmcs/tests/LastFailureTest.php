<?php

/**
 * The admin's "Last failure" field: the provisioning worker's newest Activity Log line about the
 * service, read from WHMCS's own tblactivitylog (and tbltickets for the ticket it opened).
 */
final class LastFailureTest extends ModuleTestCase
{
    private const FAILURE = 'Easy Mail Archive: service #1042 failed (archive_rejected):'
        . ' The archive refused the slug "acme-corp" because it is taken.'
        . ' Replay once fixed: dlt replay --service 1042';

    protected function setUp(): void
    {
        parent::setUp();
        $pdo = \WHMCS\Database\Capsule::pdo();
        // The columns WHMCS has (id, date, description, user, userid, ipaddr).
        $pdo->exec('CREATE TABLE tblactivitylog (id INTEGER PRIMARY KEY AUTOINCREMENT, date DATETIME NOT NULL, '
            . "description TEXT NOT NULL, user TEXT NOT NULL DEFAULT '', userid INT NOT NULL DEFAULT 0, "
            . "ipaddr TEXT NOT NULL DEFAULT '')");
        // The part of WHMCS's tbltickets read here: id, tid (the number shown), title, status, service.
        $pdo->exec('CREATE TABLE tbltickets (id INTEGER PRIMARY KEY AUTOINCREMENT, tid VARCHAR(128), '
            . 'did INT NOT NULL DEFAULT 1, userid INT NOT NULL DEFAULT 0, title TEXT NOT NULL, '
            . "status VARCHAR(64) NOT NULL, service TEXT NOT NULL DEFAULT '')");
    }

    private static function logLine(string $date, string $description): void
    {
        \WHMCS\Database\Capsule::pdo()
            ->prepare(
                "INSERT INTO tblactivitylog (date, description, user, userid, ipaddr)"
                    . " VALUES (?, ?, 'API', 0, '10.0.0.5')"
            )
            ->execute([$date, $description]);
    }

    private static function lastFailure(): string
    {
        $fields = easymailarchive_AdminServicesTabFields(self::params());
        self::assertArrayHasKey('Last failure', $fields);
        return $fields['Last failure'];
    }

    public function testNoLineShowsNone(): void
    {
        self::logLine('2026-11-20 10:00:00', 'Cron Job: Starting');

        self::assertStringStartsWith('none', self::lastFailure());
        self::assertSame([], ModuleLogRecorder::$calls);
    }

    public function testAFailureLineShowsEveryPartEscaped(): void
    {
        self::logLine('2026-11-20 10:00:00', self::FAILURE);

        $field = self::lastFailure();

        self::assertStringContainsString('2026-11-20 10:00:00', $field);
        self::assertStringContainsString('archive_rejected', $field);
        self::assertStringContainsString(
            'The archive refused the slug &quot;acme-corp&quot; because it is taken.',
            $field
        );
        self::assertStringContainsString('<code>dlt replay --service 1042</code>', $field);
        self::assertStringNotContainsString('resolved', $field);
    }

    public function testMarkupInTheLineIsEscaped(): void
    {
        self::logLine('2026-11-20 10:00:00', 'Easy Mail Archive: service #1042 failed (<b>code</b>):'
            . ' <script>alert(1)</script>.'
            . ' Replay once fixed: dlt replay --service 1042 "><img src=x onerror=alert(2)>');

        $field = self::lastFailure();

        self::assertStringNotContainsString('<script>', $field);
        self::assertStringNotContainsString('<img', $field);
        self::assertStringNotContainsString('<b>', $field);
        self::assertStringContainsString('&lt;script&gt;alert(1)&lt;/script&gt;', $field);
        self::assertStringContainsString('&lt;b&gt;code&lt;/b&gt;', $field);
        self::assertStringContainsString('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;', $field);
    }

    public function testTheNewestLineWins(): void
    {
        self::logLine(
            '2026-11-20 10:00:00',
            'Easy Mail Archive: service #1042 failed (first_reason): Older.'
                . ' Replay once fixed: dlt replay --service 1042'
        );
        self::logLine(
            '2026-11-20 11:00:00',
            'Easy Mail Archive: service #1042 failed (second_reason): Newer.'
                . ' Replay once fixed: dlt replay --service 1042'
        );

        $field = self::lastFailure();

        self::assertStringContainsString('second_reason', $field);
        self::assertStringNotContainsString('first_reason', $field);
    }

    public function testALaterRecoveryIsShownAsResolved(): void
    {
        self::logLine('2026-11-20 10:00:00', self::FAILURE);
        self::logLine('2026-11-20 10:30:00', 'Easy Mail Archive: service #1042 recovered:'
            . ' service.create applied, tenant acme-corp-2 created;'
            . ' the failure (archive_rejected) is resolved');

        $field = self::lastFailure();

        self::assertStringStartsWith('none open · resolved 2026-11-20 10:30:00', $field);
        self::assertStringContainsString('archive_rejected', $field);
        self::assertStringContainsString('service.create applied, tenant acme-corp-2 created', $field);
        self::assertStringNotContainsString(
            'dlt replay',
            $field,
            'the replay command of a resolved failure is not offered'
        );
    }

    public function testAFailureAfterARecoveryIsOpenAgain(): void
    {
        self::logLine(
            '2026-11-20 10:30:00',
            'Easy Mail Archive: service #1042 recovered: service.create applied; the failure (x) is resolved'
        );
        self::logLine('2026-11-20 11:00:00', self::FAILURE);

        self::assertStringNotContainsString('resolved', self::lastFailure());
    }

    public function testLinesOfOtherServicesAreIgnored(): void
    {
        self::logLine(
            '2026-11-20 10:00:00',
            'Easy Mail Archive: service #104 failed (shorter_id): X. Replay once fixed: dlt replay --service 104'
        );
        self::logLine(
            '2026-11-20 10:01:00',
            'Easy Mail Archive: service #10420 failed (longer_id): X. Replay once fixed: dlt replay --service 10420'
        );
        self::logLine(
            '2026-11-20 10:02:00',
            'Easy Mail Archive: service #1042-b failed (suffixed): X. Replay once fixed: x'
        );

        self::assertStringStartsWith('none', self::lastFailure());

        self::logLine('2026-11-20 09:00:00', self::FAILURE);
        self::logLine(
            '2026-11-20 10:03:00',
            'Easy Mail Archive: service #10420 recovered: y; the failure (longer_id) is resolved'
        );

        $field = self::lastFailure();
        self::assertStringContainsString('archive_rejected', $field);
        self::assertStringNotContainsString('longer_id', $field);
        self::assertStringNotContainsString('resolved', $field);
    }

    public function testServiceTwelveIsNotServiceOneHundredTwentyThree(): void
    {
        self::logLine(
            '2026-11-20 10:00:00',
            'Easy Mail Archive: service #123 failed (other): X. Replay once fixed: dlt replay --service 123'
        );

        $fields = easymailarchive_AdminServicesTabFields(self::params(['serviceid' => '12']));

        self::assertStringStartsWith('none', $fields['Last failure']);
    }

    public static function malformedLines(): array
    {
        return [
            'no reason code' => ['Easy Mail Archive: service #1042 failed: <i>something</i>'],
            'no replay command' => ['Easy Mail Archive: service #1042 failed (code): <i>something</i> went wrong'],
            'unknown verb' => ['Easy Mail Archive: service #1042 exploded <i>loudly</i>'],
            'recovery without its reason' => ['Easy Mail Archive: service #1042 recovered: <i>applied</i>'],
            'nothing after the id' => ['Easy Mail Archive: service #1042 <i></i>'],
        ];
    }

    /** @dataProvider malformedLines */
    public function testAMalformedLineIsShownRawButEscaped(string $line): void
    {
        self::logLine('2026-11-20 10:00:00', $line);

        $field = self::lastFailure();

        self::assertStringContainsString('2026-11-20 10:00:00', $field);
        self::assertStringContainsString(htmlspecialchars($line, ENT_QUOTES, 'UTF-8'), $field);
        self::assertStringContainsString('not in the expected format', $field);
        self::assertStringNotContainsString('<i>', $field);
    }

    public function testTheTicketOfTheFailureIsLinkedWithItsStatus(): void
    {
        \WHMCS\Database\Capsule::pdo()->exec("INSERT INTO tbltickets (id, tid, title, status, service) VALUES "
            . "(77, '482913', 'Easy Mail Archive: service #1042 needs attention', 'Open', 'S1042')");
        self::logLine('2026-11-20 10:00:00', self::FAILURE . ' Ticket #482913.');

        $field = self::lastFailure();

        self::assertStringContainsString(
            '<code>dlt replay --service 1042</code>',
            $field,
            'the ticket is not part of the command'
        );
        self::assertStringContainsString(
            '<a href="supporttickets.php?action=view&amp;id=77">ticket #482913</a> (Open)',
            $field
        );
    }

    public function testATicketNotFoundIsStillNamed(): void
    {
        self::logLine('2026-11-20 10:00:00', self::FAILURE . ' Ticket #999999.');

        $field = self::lastFailure();

        self::assertStringContainsString('ticket #999999 (not found)', $field);
        self::assertStringNotContainsString('<a ', $field);
    }

    public function testAnUnreadableTicketTableDoesNotHideTheFailure(): void
    {
        \WHMCS\Database\Capsule::pdo()->exec('DROP TABLE tbltickets');
        self::logLine('2026-11-20 10:00:00', self::FAILURE . ' Ticket #482913.');

        $field = self::lastFailure();

        self::assertStringContainsString('archive_rejected', $field);
        self::assertStringContainsString('ticket #482913 (status unavailable)', $field);
        self::assertCount(1, ModuleLogRecorder::$calls);
        self::assertStringContainsString('tbltickets', ModuleLogRecorder::$calls[0]['response']);
    }

    public function testADatabaseErrorShowsUnavailableAndIsLogged(): void
    {
        \WHMCS\Database\Capsule::pdo()->exec('DROP TABLE tblactivitylog');

        $fields = easymailarchive_AdminServicesTabFields(self::params());

        self::assertSame('unavailable: could not read tblactivitylog', $fields['Last failure']);
        self::assertSame('none yet', $fields['Last event sent'], 'the other fields are still shown');
        self::assertCount(1, ModuleLogRecorder::$calls);
        self::assertSame('AdminServicesTabFields', ModuleLogRecorder::$calls[0]['action']);
        self::assertStringContainsString('tblactivitylog', ModuleLogRecorder::$calls[0]['response']);
        self::assertNoSecretLogged();
    }

    public function testOnlyRecentActivityLogLinesAreSearched(): void
    {
        self::logLine('2026-11-01 10:00:00', self::FAILURE);
        // Stand-in for a busy log: the newest id is far past the failure line.
        \WHMCS\Database\Capsule::pdo()->exec('INSERT INTO tblactivitylog (id, date, description) VALUES ('
            . (1 + EmaActivityLog::SCAN_ROWS + 1) . ", '2026-11-20 10:00:00', 'Cron Job: Done')");

        self::assertSame(
            'none among the last ' . EmaActivityLog::SCAN_ROWS . ' Activity Log entries',
            self::lastFailure()
        );
    }

    public function testNoServiceIdNoLookup(): void
    {
        $fields = easymailarchive_AdminServicesTabFields(self::params(['serviceid' => '']));

        self::assertArrayNotHasKey('Last failure', $fields);
    }
}
