/// The options C tor 0.4.9 knows and this client does not implement, with the value GETCONF
/// gives for each in a C tor client that has not set it (control-spec.txt §3.3).
///
/// Facts, not code: observed on a tor 0.4.9.11 client (`GETINFO config/names` for the names and
/// types, `GETCONF Name` for each default). GeoIPFile and GeoIPv6File are Debian's defaults
/// (`GETINFO config/defaults`). One row per option: `Name Type`, then ` =Value` when GETCONF
/// answers `Name=Value` (an empty value included); without it GETCONF answers a bare `Name`
/// (unset). `ControlListenAddress` is obsolete in C tor, which still answers it bare (stem
/// falls back to it). Options this client implements are not here: GETCONF answers them from the
/// running configuration.
enum CTorOptionDefaults {
    /// One unimplemented option.
    struct Option: Sendable, Equatable {
        /// The canonical spelling.
        let name: String
        /// C tor's type name, as `config/names` prints it.
        let type: String
        /// GETCONF's value, nil when C tor answers a bare name.
        let value: String?
    }

    /// The options by lower-cased name (GETCONF names are case-insensitive).
    static let byLowercasedName: [String: Option] = {
        var options: [String: Option] = [:]
        for row in table.split(separator: "\n") {
            let parts = row.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            let value = parts.count > 2 ? String(parts[2].dropFirst()) : nil
            let option = Option(name: String(parts[0]), type: String(parts[1]), value: value)
            options[option.name.lowercased()] = option
        }
        return options
    }()

    /// The option `name` names (case-insensitively), if C tor knows it and this client does not.
    static func option(named name: String) -> Option? {
        byLowercasedName[name.lowercased()]
    }

    private static let table = """
        __AllDirActionsPrivate Boolean =0
        __AlwaysCongestionControl Boolean =0
        __ControlPort Dependent
        __DirPort Dependent
        __DisablePredictedCircuits Boolean =0
        __DisableSignalHandlers Boolean =0
        __DNSPort Dependent
        __ExtORPort Dependent
        __HashedControlSessionPassword LineList
        __HTTPTunnelPort Dependent
        __LeaveStreamsUnattached Boolean =0
        __MetricsPort Dependent
        __NATDPort Dependent
        __ORPort Dependent
        __OwningControllerFD Integer =18446744073709551615
        __ReloadTorrcOnSIGHUP Boolean =1
        __SbwsExit Boolean =0
        __SocksPort Dependent
        __TransPort Dependent
        AccelDir Filename
        AccelName String
        AccountingMax DataSize =0
        AccountingRule String =max
        AccountingStart String
        Address LineList
        AddressDisableIPv6 Boolean =0
        AllowNonRFC953Hostnames Boolean =0
        AlternateBridgeAuthority LineList
        AlternateDirAuthority LineList
        AssumeReachable Boolean =0
        AssumeReachableIPv6 Boolean+Auto =auto
        AuthDirBadExit LineList
        AuthDirBadExitCCs CommaList =
        AuthDirFastGuarantee DataSize =102400
        AuthDirGuardBWGuarantee DataSize =2097152
        AuthDirHasIPv6Connectivity Boolean =0
        AuthDirInvalid LineList
        AuthDirInvalidCCs CommaList =
        AuthDirListBadExits Boolean =0
        AuthDirListMiddleOnly Boolean =0
        AuthDirMaxServersPerAddr Integer =2
        AuthDirMiddleOnly LineList
        AuthDirMiddleOnlyCCs CommaList =
        AuthDirPinKeys Boolean =1
        AuthDirReject LineList
        AuthDirRejectCCs CommaList =
        AuthDirRejectRequestsUnderLoad Boolean =1
        AuthDirSharedRandomness Boolean =1
        AuthDirTestEd25519LinkKeys Boolean =1
        AuthDirTestReachability Boolean =1
        AuthDirVoteGuard RouterList =
        AuthDirVoteGuardBwThresholdFraction Float =0.750000
        AuthDirVoteGuardGuaranteeTimeKnown TimeInterval =691200
        AuthDirVoteGuardGuaranteeWFU Float =0.980000
        AuthDirVoteStableGuaranteeMinUptime TimeInterval =2592000
        AuthDirVoteStableGuaranteeMTBF TimeInterval =432000
        AuthoritativeDirectory Boolean =0
        AutomapHostsOnResolve Boolean =0
        AutomapHostsSuffixes CommaList =.onion,.exit
        AvoidDiskWrites Boolean =0
        BandwidthBurst DataSize =1073741824
        BandwidthRate DataSize =1073741824
        Bridge LineList
        BridgeAuthoritativeDir Boolean =0
        BridgeDistribution String
        BridgePassword String
        BridgeRecordUsageByCountry Boolean =1
        BridgeRelay Boolean =0
        CacheDirectory Filename
        CacheDirectoryGroupReadable Boolean+Auto =auto
        CellStatistics Boolean =0
        CircuitPadding Boolean =1
        CircuitPriorityHalflife Float =-1.000000
        CircuitsAvailableTimeout TimeInterval =0
        CircuitStreamTimeout TimeInterval =0
        ClientBootstrapConsensusAuthorityDownloadInitialDelay TimeInterval =6
        ClientBootstrapConsensusAuthorityOnlyDownloadInitialDelay TimeInterval =0
        ClientBootstrapConsensusFallbackDownloadInitialDelay TimeInterval =0
        ClientBootstrapConsensusMaxInProgressTries Integer =3
        ClientDNSRejectInternalAddresses Boolean =1
        ClientOnionAuthDir Filename
        ClientOnly Boolean =0
        ClientPreferIPv6DirPort Boolean+Auto =auto
        ClientPreferIPv6ORPort Boolean+Auto =auto
        ClientRejectInternalAddresses Boolean =1
        ClientTransportPlugin LineList
        ClientUseIPv4 Boolean =1
        ClientUseIPv6 Boolean =1
        CompiledProofOfWorkHash Boolean+Auto =auto
        ConfluxClientUX String =throughput
        ConnDirectionStatistics Boolean =0
        ConnectionPadding Boolean+Auto =auto
        ConnLimit Integer =1000
        ConsensusParams LineList
        ConstrainedSockets Boolean =0
        ConstrainedSockSize DataSize =8192
        ContactInfo String
        ControlSocket LineList
        ControlSocketsGroupWritable Boolean =0
        CookieAuthFileGroupReadable Boolean =0
        CountPrivateBandwidth Boolean =0
        DataDirectoryGroupReadable Boolean =0
        DirAllowPrivateAddresses Boolean =0
        DirAuthorityFallbackRate Float =0.100000
        DirCache Boolean =1
        DirPolicy LineList
        DirPort Dependent
        DirPortFrontPage Filename
        DirReqStatistics Boolean =1
        DisableAllSwap Boolean =0
        DisableDebuggerAttachment Boolean =1
        DisableNetwork Boolean =0
        DisableOOSCheck Boolean =1
        DNSPort Dependent
        DormantCanceledByStartup Boolean =0
        DormantClientTimeout TimeInterval =86400
        DormantOnFirstStartup Boolean =0
        DormantTimeoutDisabledByIdleStreams Boolean =1
        DormantTimeoutEnabled Boolean =1
        DoSCircuitCreationBurst Integer =0
        DoSCircuitCreationDefenseTimePeriod TimeInterval =0
        DoSCircuitCreationDefenseType SignedInteger =0
        DoSCircuitCreationEnabled Boolean+Auto =auto
        DoSCircuitCreationMinConnections Integer =0
        DoSCircuitCreationRate Integer =0
        DoSConnectionConnectBurst Integer =0
        DoSConnectionConnectDefenseTimePeriod TimeInterval =0
        DoSConnectionConnectRate Integer =0
        DoSConnectionDefenseType SignedInteger =0
        DoSConnectionEnabled Boolean+Auto =auto
        DoSConnectionMaxConcurrentCount Integer =0
        DoSRefuseSingleHopClientRendezvous Boolean+Auto =auto
        DoSStreamCreationBurst Integer =0
        DoSStreamCreationDefenseType SignedInteger =0
        DoSStreamCreationEnabled Boolean+Auto =auto
        DoSStreamCreationRate Integer =0
        DownloadExtraInfo Boolean =0
        EntryStatistics Boolean =0
        ExitPolicy LineList
        ExitPolicyRejectLocalInterfaces Boolean =0
        ExitPolicyRejectPrivate Boolean =1
        ExitPortStatistics Boolean =0
        ExitRelay Boolean+Auto =auto
        ExtendAllowPrivateAddresses Boolean =0
        ExtendByEd25519ID Boolean+Auto =auto
        ExtORPort Dependent
        ExtORPortCookieAuthFile Filename
        ExtORPortCookieAuthFileGroupReadable Boolean =0
        ExtraInfoStatistics Boolean =1
        FamilyId LineList
        FamilyKeyDirectory Filename
        FascistFirewall Boolean =0
        FetchDirInfoEarly Boolean =0
        FetchDirInfoExtraEarly Boolean =0
        FetchHidServDescriptors Boolean =1
        FetchServerDescriptors Boolean =1
        FetchUselessDescriptors Boolean =0
        FirewallPorts CommaList =
        GeoIPExcludeUnknown Boolean+Auto =auto
        GeoIPFile Filename =/usr/share/tor/geoip
        GeoIPv6File Filename =/usr/share/tor/geoip6
        GuardfractionFile Filename
        GuardLifetime TimeInterval =0
        HardwareAccel Boolean =0
        HeartbeatPeriod TimeInterval =21600
        HiddenServiceAllowUnknownPorts Dependent
        HiddenServiceDir Dependent
        HiddenServiceDirGroupReadable Dependent
        HiddenServiceEnableIntroDoSBurstPerSec Dependent
        HiddenServiceEnableIntroDoSDefense Dependent
        HiddenServiceEnableIntroDoSRatePerSec Dependent
        HiddenServiceExportCircuitID Dependent
        HiddenServiceMaxStreams Dependent
        HiddenServiceMaxStreamsCloseCircuit Dependent
        HiddenServiceNonAnonymousMode Boolean =0
        HiddenServiceNumIntroductionPoints Dependent
        HiddenServiceOnionBalanceInstance Dependent
        HiddenServiceOptions Virtual
        HiddenServicePort Dependent
        HiddenServicePoWDefensesEnabled Dependent
        HiddenServicePoWQueueBurst Dependent
        HiddenServicePoWQueueRate Dependent
        HiddenServiceSingleHopMode Boolean =0
        HiddenServiceStatistics Boolean =1
        HiddenServiceVersion Dependent
        HSLayer2Nodes RouterList =
        HSLayer3Nodes RouterList =
        HTTPProxy String
        HTTPProxyAuthenticator String
        HTTPSProxy String
        HTTPSProxyAuthenticator String
        HTTPTunnelPort Dependent
        IPv6Exit Boolean =0
        KeepalivePeriod TimeInterval =300
        KeepBindCapabilities Boolean+Auto =auto
        KeyDirectory Filename
        KeyDirectoryGroupReadable Boolean+Auto =auto
        KISTSchedRunInterval TimeMsecInterval =0
        KISTSockBufSizeFactor Float =1.000000
        LearnCircuitBuildTimeout Boolean =1
        LogMessageDomains Boolean =0
        LogTimeGranularity TimeMsecInterval =1000
        LongLivedPorts CommaList =21,22,706,1863,5050,5190,5222,5223,6523,6667,6697,8300
        MainloopStats Boolean =0
        MaxAdvertisedBandwidth DataSize =1073741824
        MaxClientCircuitsPending Integer =32
        MaxConsensusAgeForDiffs TimeInterval =0
        MaxHSDirCacheBytes DataSize =0
        MaxMemInQueues DataSize =0
        MaxOnionQueueDelay TimeMsecInterval =0
        MaxUnparseableDescSizeToLog DataSize =10485760
        MetricsPort Dependent
        MetricsPortPolicy LineList
        MinimalAcceptedServerVersion String =0.4.8.0-alpha-dev
        MinMeasuredBWsForAuthToIgnoreAdvertised SignedInteger =500
        MinUptimeHidServDirectoryV2 TimeInterval =345600
        MyFamily LineList
        NATDPort Dependent
        Nickname String
        NodeFamily LineList
        NoExec Boolean =0
        NumCPUs Integer =0
        NumDirectoryGuards Integer =0
        NumEntryGuards Integer =0
        NumPrimaryGuards Integer =0
        OfflineMasterKey Boolean =0
        ORPort Dependent
        OutboundBindAddress LineList
        OutboundBindAddressExit LineList
        OutboundBindAddressOR LineList
        OutboundBindAddressPT LineList
        OverloadStatistics Boolean =1
        PaddingStatistics Boolean =1
        PathBiasCircThreshold SignedInteger =-1
        PathBiasDropGuards Boolean+Auto =0
        PathBiasExtremeRate Float =-1.000000
        PathBiasExtremeUseRate Float =-1.000000
        PathBiasNoticeRate Float =-1.000000
        PathBiasNoticeUseRate Float =-1.000000
        PathBiasScaleThreshold SignedInteger =-1
        PathBiasScaleUseThreshold SignedInteger =-1
        PathBiasUseThreshold SignedInteger =-1
        PathBiasWarnRate Float =-1.000000
        PathsNeededToBuildCircuits Float =-1.000000
        PerConnBWBurst DataSize =0
        PerConnBWRate DataSize =0
        ProtocolWarnings Boolean =0
        PublishHidServDescriptors Boolean =1
        PublishServerDescriptor CommaList =1
        ReachableAddresses LineList
        ReachableDirAddresses LineList
        ReachableORAddresses LineList
        RecommendedClientVersions LineList
        RecommendedServerVersions LineList
        RecommendedVersions LineList
        ReconfigDropsBridgeDescs Boolean =0
        ReducedCircuitPadding Boolean =0
        ReducedConnectionPadding Boolean =0
        ReducedExitPolicy Boolean =0
        ReevaluateExitPolicy Boolean =0
        RefuseUnknownExits Boolean+Auto =auto
        RejectPlaintextPorts CommaList =
        RelayBandwidthBurst DataSize =0
        RelayBandwidthRate DataSize =0
        RephistTrackTime TimeInterval =86400
        SafeSocks Boolean =0
        Sandbox Boolean =0
        Schedulers CommaList =KIST,KISTLite,Vanilla
        ServerDNSAllowBrokenConfig Boolean =1
        ServerDNSAllowNonRFC953Hostnames Boolean =0
        ServerDNSDetectHijacking Boolean =1
        ServerDNSRandomizeCase Boolean =1
        ServerDNSResolvConfFile Filename
        ServerDNSSearchDomains Boolean =0
        ServerDNSTestAddresses CommaList =www.google.com,www.mit.edu,www.yahoo.com,www.slashdot.org
        ServerTransportListenAddr LineList
        ServerTransportOptions LineList
        ServerTransportPlugin LineList
        ShutdownWaitLength TimeInterval =30
        SigningKeyLifetime TimeInterval =2592000
        Socks4Proxy String
        Socks5Proxy String
        Socks5ProxyPassword String
        Socks5ProxyUsername String
        SocksPolicy LineList
        SSLKeyLifetime TimeInterval =0
        SyslogIdentityTag String
        TCPProxy String
        TestingAuthDirTimeToLearnReachability TimeInterval =1800
        TestingAuthKeyLifetime TimeInterval =172800
        TestingAuthKeySlop TimeInterval =10800
        TestingBridgeBootstrapDownloadInitialDelay TimeInterval =0
        TestingBridgeDownloadInitialDelay TimeInterval =10800
        TestingClientConsensusDownloadInitialDelay TimeInterval =0
        TestingClientDownloadInitialDelay TimeInterval =0
        TestingClientMaxIntervalWithoutRequest TimeInterval =600
        TestingDirAuthVoteExit RouterList =
        TestingDirAuthVoteExitIsStrict Boolean =0
        TestingDirAuthVoteGuard RouterList =
        TestingDirAuthVoteGuardIsStrict Boolean =0
        TestingDirAuthVoteHSDir RouterList =
        TestingDirAuthVoteHSDirIsStrict Boolean =0
        TestingDirConnectionMaxStall TimeInterval =300
        TestingEnableCellStatsEvent Boolean =0
        TestingEnableConnBwEvent Boolean =0
        TestingLinkCertLifetime TimeInterval =172800
        TestingLinkKeySlop TimeInterval =10800
        TestingMinExitFlagThreshold DataSize =0
        TestingMinFastFlagThreshold DataSize =0
        TestingMinTimeToReportBandwidth TimeInterval =86400
        TestingServerConsensusDownloadInitialDelay TimeInterval =0
        TestingServerDownloadInitialDelay TimeInterval =0
        TestingSigningKeySlop TimeInterval =86400
        TestingV3AuthInitialDistDelay TimeInterval =300
        TestingV3AuthInitialVoteDelay TimeInterval =300
        TestingV3AuthInitialVotingInterval TimeInterval =1800
        TestingV3AuthVotingStartOffset TimeInterval =0
        TestSocks Boolean =0
        TokenBucketRefillInterval TimeMsecInterval =100
        TrackHostExits CommaList =
        TrackHostExitsExpire TimeInterval =1800
        TransPort Dependent
        TransProxyType String =default
        TruncateLogFile Boolean =0
        UnixSocksGroupWritable Boolean =0
        UpdateBridgesFromAuthority Boolean =0
        UseBridges Boolean =0
        UseDefaultFallbackDirs Boolean =1
        UseEntryGuards Boolean =1
        UseGuardFraction Boolean+Auto =auto
        UseMicrodescriptors Boolean+Auto =auto
        User String
        V3AuthDistDelay TimeInterval =300
        V3AuthNIntervalsValid Integer =3
        V3AuthoritativeDirectory Boolean =0
        V3AuthUseLegacyKey Boolean =0
        V3AuthVoteDelay TimeInterval =300
        V3AuthVotingInterval TimeInterval =3600
        V3BandwidthsFile Filename
        VanguardsLiteEnabled Boolean+Auto =auto
        VersioningAuthoritativeDirectory Boolean =0
        VirtualAddrNetworkIPv4 String =127.192.0.0/10
        VirtualAddrNetworkIPv6 String =[FE80::]/10
        WarnPlaintextPorts CommaList =23,109,110,143
        ControlListenAddress Obsolete
        """
}
