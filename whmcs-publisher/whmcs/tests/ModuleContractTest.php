<?php

/**
 * What WHMCS expects of any provisioning module: the functions exist and return the right type
 * even when called with nothing, and every file refuses to run outside WHMCS.
 */
final class ModuleContractTest extends ModuleTestCase
{
    private const MODULE_DIR = __DIR__ . '/../modules/servers/easymailarchive';

    public function testConfigOptionsFunctionExists(): void
    {
        self::assertTrue(function_exists('easymailarchive_ConfigOptions'));
    }

    public static function functionReturnTypes(): array
    {
        return [
            'Meta Data' => ['MetaData', 'array'],
            'Config Options' => ['ConfigOptions', 'array'],
            'Test Connection' => ['TestConnection', 'array'],
            'Create' => ['CreateAccount', 'string'],
            'Suspend' => ['SuspendAccount', 'string'],
            'Unsuspend' => ['UnsuspendAccount', 'string'],
            'Terminate' => ['TerminateAccount', 'string'],
            'Client Area' => ['ClientArea', 'array'],
            'Admin Services Tab Fields' => ['AdminServicesTabFields', 'array'],
            'Service Single Sign-On' => ['ServiceSingleSignOn', 'array'],
            'Usage Update' => ['UsageUpdate', 'string'],
            'List Accounts' => ['ListAccounts', 'array'],
            'Admin Custom Buttons' => ['AdminCustomButtonArray', 'array'],
            'Retry Outbox' => ['RetryOutbox', 'string'],
            'Discard Outbox' => ['DiscardOutbox', 'string'],
            'Metric Provider (outside WHMCS)' => ['MetricProvider', 'null'],
        ];
    }

    /** @dataProvider functionReturnTypes */
    public function testFunctionsReturnAppropriateDataTypeForEmptyParams(string $function, string $type): void
    {
        $name = 'easymailarchive_' . $function;
        self::assertTrue(function_exists($name), $name . ' is not defined');

        $result = $name([]);

        self::assertSame($type, get_debug_type($result));
    }

    public function testMetaData(): void
    {
        $meta = easymailarchive_MetaData();

        self::assertSame('Easy Mail Archive', $meta['DisplayName']);
        self::assertSame('1.1', $meta['APIVersion']);
        self::assertTrue($meta['RequiresServer']);
        self::assertSame('Log in to Easy Mail Archive', $meta['ServiceSingleSignOnLabel']);
        self::assertSame('443', $meta['DefaultSSLPort']);
        self::assertSame('80', $meta['DefaultNonSSLPort']);
        self::assertSame(
            'customfield.Archive slug',
            $meta['ListAccountsUniqueIdentifierField'],
            'the slug, as ListAccounts returns it, against the field the worker writes it into: not the username,'
                . ' which WHMCS fills in from the domain'
        );
        self::assertSame('configoption3', $meta['ListAccountsProductField'], 'the plan, as ListAccounts returns it');
    }

    public function testConfigOptionsAreSlugPrefixAutoGenerateSlugPlanAndOutboxInThatOrder(): void
    {
        $options = easymailarchive_ConfigOptions();

        self::assertSame(
            ['Slug prefix', 'Auto-generate slug', 'Plan', 'When the gateway is down'],
            array_keys($options)
        );
        self::assertSame(['text', 'yesno', 'text', 'dropdown'], array_column(array_values($options), 'Type'));
        self::assertSame('Outbox', $options['When the gateway is down']['Default']);
    }

    public function testTheOutboxIsOnUnlessTheProductSaysModuleQueue(): void
    {
        self::assertTrue(EmaServerConfig::fromParams([])->outboxEnabled(), 'products saved before the option existed');
        self::assertTrue(EmaServerConfig::fromParams(['configoption4' => 'Outbox'])->outboxEnabled());
        self::assertFalse(EmaServerConfig::fromParams(['configoption4' => 'Module Queue'])->outboxEnabled());
    }

    public function testEmptyParamsGiveActionableMessages(): void
    {
        self::assertStringStartsWith('Event gateway URL missing', easymailarchive_CreateAccount([]));
        $test = easymailarchive_TestConnection([]);
        self::assertFalse($test['success']);
        self::assertStringContainsString("Archive API host missing: set the server's Hostname", $test['error']);
        self::assertStringContainsString("Event gateway URL missing: set the server's Username", $test['error']);
        self::assertSame(
            ['success' => false, 'errorMsg' => 'The archive is still being provisioned'],
            easymailarchive_ServiceSingleSignOn([])
        );
    }

    public function testUsageUpdateReturnsAndLogsAProblemAsAMessageWithoutSecrets(): void
    {
        // no tblhosting here: the failure is reported, never thrown at the WHMCS cron
        $result = easymailarchive_UsageUpdate(self::params());

        self::assertStringContainsString('no such table: tblhosting', $result);
        self::assertCount(1, ModuleLogRecorder::$calls);
        self::assertSame('UsageUpdate', ModuleLogRecorder::$calls[0]['action']);
        self::assertNoSecretLogged();
    }

    public function testActionWithoutServiceIdIsRefusedBeforeAnythingIsSent(): void
    {
        $result = easymailarchive_SuspendAccount(
            self::params(['serviceid' => '', 'serverusername' => FakeGateway::closedPortUrl()])
        );

        self::assertStringStartsWith('No service id in the module call', $result);
    }

    public function testEveryPhpFileStartsWithTheWhmcsGuard(): void
    {
        $files = array_merge(glob(self::MODULE_DIR . '/*.php'), glob(self::MODULE_DIR . '/lib/*.php'));
        self::assertGreaterThanOrEqual(10, count($files));
        foreach ($files as $file) {
            self::assertMatchesRegularExpression(
                '/\A<\?php\s+if \(!defined\("WHMCS"\)\) \{\s+die\("This file cannot be accessed directly"\);\s+\}/',
                file_get_contents($file),
                basename($file)
            );
        }
    }

    public function testAFileRefusesToRunOutsideWhmcs(): void
    {
        $output = shell_exec(
            escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(self::MODULE_DIR . '/easymailarchive.php')
        );

        self::assertSame('This file cannot be accessed directly', $output);
    }
}
