<?php

/** Client area, single sign-on and the admin's service fields, from what the worker wrote onto the service. */
final class ServiceViewTest extends ModuleTestCase
{
    private const URL = 'https://acme-corp.archive.reseller.example';

    private static function provisioned(array $overrides = []): array
    {
        return self::params(array_replace([
            'username' => 'acme-corp',
            // no usage-sync worker to ask for the tenant's own status: WHMCS's status counts
            'serverusername' => 'https://gateway.example.com ' . FakeGateway::closedPortUrl(),
            'customfields' => [
                'Requested slug' => 'acme-corp',
                'Archive slug' => 'acme-corp',
                'Archive URL' => self::URL,
            ],
        ], $overrides));
    }

    public static function statuses(): array
    {
        return [
            'active and provisioned' => [self::provisioned(), 'active'],
            'active, worker not done yet' => [self::params(), 'provisioning'],
            'pending order' => [self::params(['status' => 'Pending']), 'provisioning'],
            'suspended' => [self::provisioned(['status' => 'Suspended']), 'suspended'],
            'terminated (tenant suspended, data kept)' => [self::provisioned(['status' => 'Terminated']), 'suspended'],
            'no status at all' => [[], 'provisioning'],
        ];
    }

    /** @dataProvider statuses */
    public function testClientAreaStatus(array $params, string $expected): void
    {
        $result = easymailarchive_ClientArea($params);

        self::assertSame('templates/overview.tpl', $result['tabOverviewModuleOutputTemplate']);
        self::assertSame($expected, $result['templateVariables']['emaStatus']);
    }

    public function testClientAreaShowsTheAccessUrlAndLogInLink(): void
    {
        $variables = easymailarchive_ClientArea(self::provisioned())['templateVariables'];

        self::assertSame(
            [
                'emaStatus' => 'active',
                'emaStatusLabel' => 'Active',
                'emaArchiveUrl' => self::URL,
                'emaSlug' => 'acme-corp',
                'emaCanLogIn' => true,
                'emaPendingDelivery' => false,
            ],
            $variables
        );
    }

    public function testTheGeneratedUsernameIsNotShownAsSlugBeforeProvisioning(): void
    {
        $variables = easymailarchive_ClientArea(self::params(['username' => 'acmeexam']))['templateVariables'];

        self::assertSame('', $variables['emaSlug']);
        self::assertFalse($variables['emaCanLogIn']);
    }

    public function testTheUsernameIsTheSlugOnceTheUrlIsThere(): void
    {
        $params = self::provisioned(['customfields' => ['Archive URL' => self::URL]]);

        self::assertSame('acme-corp', easymailarchive_ClientArea($params)['templateVariables']['emaSlug']);
    }

    public function testSingleSignOnRedirectsToTheArchive(): void
    {
        self::assertSame(
            ['success' => true, 'redirectTo' => self::URL],
            easymailarchive_ServiceSingleSignOn(self::provisioned())
        );
    }

    public function testSingleSignOnWaitsForProvisioning(): void
    {
        self::assertSame(
            ['success' => false, 'errorMsg' => 'The archive is still being provisioned'],
            easymailarchive_ServiceSingleSignOn(self::params())
        );
    }

    public function testANonHttpUrlIsNeverLinkedOrRedirectedTo(): void
    {
        $params = self::provisioned(
            ['customfields' => ['Archive slug' => 'x', 'Archive URL' => 'javascript:alert(1)']]
        );

        self::assertFalse(easymailarchive_ServiceSingleSignOn($params)['success']);
        self::assertSame('', easymailarchive_ClientArea($params)['templateVariables']['emaArchiveUrl']);
        self::assertStringNotContainsString(
            'javascript',
            easymailarchive_AdminServicesTabFields($params)['Archive URL']
        );
    }

    public function testAdminFieldsAreEscaped(): void
    {
        $params = self::provisioned(['customfields' => [
            'Archive slug' => '<script>alert(1)</script>',
            'Archive URL' => 'https://acme.example/?a="><img/src=x/onerror=alert(1)>',
        ]]);

        $fields = easymailarchive_AdminServicesTabFields($params);

        self::assertSame('&lt;script&gt;alert(1)&lt;/script&gt;', $fields['Archive slug']);
        self::assertStringNotContainsString('"><img', $fields['Archive URL']);
        self::assertStringContainsString('&quot;&gt;&lt;img', $fields['Archive URL']);
        self::assertSame('none yet', $fields['Last event sent']);
    }

    public function testAdminFieldsBeforeProvisioning(): void
    {
        $fields = easymailarchive_AdminServicesTabFields(self::params());

        self::assertSame(['Archive slug', 'Archive URL', 'Last event sent', 'Last failure'], array_keys($fields));
        self::assertSame('not provisioned yet', $fields['Archive URL']);
    }

    public function testTheClientAreaShowsTheTenantsOwnStatusFromTheWorkerAndNoLogInLinkWhileSuspended(): void
    {
        $worker = FakeGateway::start(self::GATEWAY_SECRET, self::API_KEY);
        try {
            $params = self::provisioned(['serverusername' => 'https://gateway.example.com ' . $worker->url]);
            $figures = static fn (string $status) => ['status' => 200, 'body' => ['services' => [[
                'serviceId' => 1042, 'slug' => 'acme-corp', 'status' => $status, 'activeUsers' => 1,
                'storageBytes' => 0, 'storageGb' => 0.0, 'messages' => 0, 'licenses' => 1,
                'collectedAt' => '2026-11-27T02:00:00.000000Z']], 'withoutUsage' => [], 'lastCollection' => null]];

            // WHMCS says Active, the tenant is suspended (an unsuspend not applied yet, say)
            $worker->script(
                EmaUsageClient::USAGE_PATH,
                $figures('suspended'),
                $figures('suspended'),
                $figures('active')
            );
            $variables = easymailarchive_ClientArea($params)['templateVariables'];
            self::assertSame('suspended', $variables['emaStatus']);
            self::assertSame('Suspended', $variables['emaStatusLabel']);
            self::assertFalse($variables['emaCanLogIn']);
            self::assertSame(
                ['success' => false, 'errorMsg' => 'Access to the archive is suspended'],
                easymailarchive_ServiceSingleSignOn($params)
            );
            self::assertSame('serviceIds=1042', $worker->requests(EmaUsageClient::USAGE_PATH)[0]['query']);

            $variables = easymailarchive_ClientArea($params)['templateVariables'];
            self::assertSame('active', $variables['emaStatus']);
            self::assertTrue($variables['emaCanLogIn']);
        } finally {
            $worker->stop();
        }
        self::assertNoSecretLogged();
    }

    public function testWithoutTheWorkerTheStatusComesFromWhmcsAndASuspendedServiceOffersNoLogIn(): void
    {
        self::assertTrue(easymailarchive_ClientArea(self::provisioned())['templateVariables']['emaCanLogIn']);
        $suspended = self::provisioned(['status' => 'Suspended']);
        self::assertFalse(easymailarchive_ClientArea($suspended)['templateVariables']['emaCanLogIn']);
        self::assertSame(
            ['success' => false, 'errorMsg' => 'Access to the archive is suspended'],
            easymailarchive_ServiceSingleSignOn($suspended)
        );
    }

    public function testTheTemplateEscapesEveryValueItPrints(): void
    {
        $template = file_get_contents(__DIR__ . '/../modules/servers/easymailarchive/templates/overview.tpl');

        preg_match_all('/\{\$[^}]+\}/', $template, $printed);
        self::assertNotEmpty($printed[0]);
        foreach ($printed[0] as $tag) {
            self::assertStringContainsString("|escape:'html'", $tag);
        }
    }
}
