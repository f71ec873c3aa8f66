/// A real microdesc consensus of the private test network (scripts/testnet, tor 0.4.9.11
/// authorities) and what a tor 0.4.9.11 client answered for it: `GETINFO ns/all` and
/// `GETINFO md/all`, captured from that client's control port. Ground truth for our ns/md
/// formats.
enum CTorNetworkFixture {
    /// The consensus, as the C tor client cached it (`cached-microdesc-consensus`).
    static let consensus = """
        network-status-version 3 microdesc
        vote-status consensus
        consensus-method 35
        valid-after 2026-11-23 08:22:08
        fresh-until 2026-11-23 08:23:08
        valid-until 2026-11-23 08:32:08
        voting-delay 5 5
        client-versions 
        server-versions 
        known-flags Authority Exit Fast Guard HSDir NoEdConsensus Running Stable StaleDesc Sybil V2Dir Valid
        recommended-client-protocols Cons=2 Desc=2 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4 HSRend=2 Link=4-5 Microdesc=2 Relay=2-4
        recommended-relay-protocols Cons=2 Desc=2 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=2 Link=4-5 LinkAuth=3 Microdesc=2 Relay=2-4
        required-client-protocols Cons=2 Desc=2 FlowCtrl=1 Link=4 Microdesc=2 Relay=2
        required-relay-protocols Cons=2 Desc=2 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=2 Link=4-5 LinkAuth=3 Microdesc=2 Relay=2-4
        shared-rand-previous-value 0 zxJao+gBmFMSezvz/VXkEWEQJD5b/z+7AXNCGoLFVW0=
        shared-rand-current-value 3 FGafIeCo/3RXQ5e/OlVtEgXtJbkG1IblkWdm2flmyq8=
        dir-source auth1 666B2F6ED52F2A43397FCCFE2BF9A10AE7E74645 127.0.0.1 127.0.0.1 22102 21959
        contact torswift-testnet@localhost
        vote-digest 2D3F2F78A68D84F73D782BF0D280B45AA2703F30
        dir-source auth3 81902909EF1609337BB799C1B468F047731EC819 127.0.0.1 127.0.0.1 16453 30796
        contact torswift-testnet@localhost
        vote-digest E591204F85D69C289D54472B13FCD495C1B31370
        dir-source auth2 84FC6C24F6EA263263031EAD3EE3BF19613B6F88 127.0.0.1 127.0.0.1 24970 15981
        contact torswift-testnet@localhost
        vote-digest E77CCF414E97A5144EC24493C75C6A232648B417
        r exit1 EGuKY3x2cNqTal6JN3mdX5YIa5E 2038-01-01 00:00:00 127.0.0.1 28863 0
        m e1IUGj6Hm+wWZMsXA6FKHNUBupozhSE3Ks4vkahqEwk
        s Exit Fast HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=1000
        r auth2 ItaXgMFDCzWF3I0h7s2A4Y7a/0U 2038-01-01 00:00:00 127.0.0.1 15981 24970
        m zmwe2Nv808no2TH9XsMVDCuxF5r9MGYQgSrSgHI9BWw
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=20 Unmeasured=1
        r exit2 PJh5VUCAYyN6JAyPDarXMJqO9yI 2038-01-01 00:00:00 127.0.0.1 27465 0
        m x7QSRDl9OOywTeRJn50MdjlwYy8lGWBsvtmNeywYD18
        s Exit Fast HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=1000
        r relay3 VW+4H9GB0QgJDvIe3msiUiy3PkE 2038-01-01 00:00:00 127.0.0.1 30922 0
        m VTgL+4EiGM9WUm7wLAz2d/zfa82VKPoS1UNX+v522II
        s Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=1000
        r auth3 XTCOVNnBnOMTCj/WfOkyD8RWQoM 2038-01-01 00:00:00 127.0.0.1 30796 16453
        m I9Xb6Du2ZUVEjhoUbeBT9sKit9QnJxlhokexBC/QSJo
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=20 Unmeasured=1
        r relay2 co0doKvUL9DF8CWpREu8Nsmu77g 2038-01-01 00:00:00 127.0.0.1 16490 0
        m Bhyuc2dSyjij2F1VNCxwObgiPH220sixkclkPu3OToQ
        s Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=1000
        r auth1 fXuzkeOTojYWUoVairftc3W1Zdw 2038-01-01 00:00:00 127.0.0.1 21959 22102
        m wMIUVYFyy4KRm6nX04XqNjTRI/ZFw4VVjqK4YoFZHvk
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=20 Unmeasured=1
        r relay1 8cwUzXIYMUgm8iT9e8P5QkyTwUE 2038-01-01 00:00:00 127.0.0.1 30300 0
        m aFWX9x2cZvfXw8Bt5nC60cTbPmVQg+Krg7GN7LzsWGY
        s Fast Guard HSDir Running Stable V2Dir Valid
        v Tor 0.4.9.11
        pr Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
        w Bandwidth=1000
        directory-footer
        bandwidth-weights Wbd=3333 Wbe=1566 Wbg=4486 Wbm=10000 Wdb=10000 Web=10000 Wed=3333 Wee=8434 Weg=3333 Wem=8434 Wgb=10000 Wgd=3333 Wgg=5514 Wgm=5514 Wmb=10000 Wmd=3333 Wme=1566 Wmg=4486 Wmm=10000
        directory-signature sha256 666B2F6ED52F2A43397FCCFE2BF9A10AE7E74645 B22F5B1E1BCB898DD52405A7DBC801A06BAB5972
        -----BEGIN SIGNATURE-----
        S5WbkuY25PMBBWUPYko0BTXXoUiC0UEa+z22OOSjAhk41mk5AsPQS15wgSNh96K2
        yuTyaOpzrQ3xDv+unjUAYuhpHcvE2LBsklPH8vC8xwBhhlPNg7AeybkG0soDZW6P
        N9tLXBzv3TZkAU9jEmZhvzZ1q7bJrWi6GpPFIW73QExieoLjH0WmKFJZyaLrMXhE
        R3FSExbaz5XXMCDCYQB0bYvgTIvX9KA3XujrXLAMRAvnq8zHSATY1iXqtpSjMIjc
        SWreGWFV1Kul/BJk93yef8LWUYJZuWph5HIJClXa3gPeNDg9ihPPLKu/8kQLplbk
        L24oCHmpTl+zU0/V23Ig/g==
        -----END SIGNATURE-----
        directory-signature sha256 81902909EF1609337BB799C1B468F047731EC819 A54552BF2EF56385A8F3C2820D5D6D5B9BC7A526
        -----BEGIN SIGNATURE-----
        fnLdEc0VIbF8XSFwLyGFy447XbCKbNhM+2uVhdzHRNQDHex1zTjJvKBOGIPIqjEz
        5ftDtBaxAuY0Bqg8hpyINkWO/feFXmozdy6WBSMmiGVlwsXc8S4OADjZp0gPhMwS
        rO0aHpkm1UL9S/Yt+dY+FMlAER5vFGI61eHae5kgc3YsZuhBxQVUzMG2pY3Qb8gH
        fn9Fc8C7vg7/G4aKMu34nuyagBXxD3fYdy5sqwmvOQtPuhbbg9O2sErJ0PY9TTf+
        4H0JlGExs3MtOl6otnzrLKqGqFWiBtnhlJHQXXLD0yXBu2UwzAM94KTZC5X5IaJp
        U5Mk1e8pa0bEEra3hLczgA==
        -----END SIGNATURE-----
        directory-signature sha256 84FC6C24F6EA263263031EAD3EE3BF19613B6F88 6EF52DD3310ECC11D6557E2F3C77729B3A3D90EC
        -----BEGIN SIGNATURE-----
        NzAnAmMQ96TuF9WSnK4FJvLOjBP4qx+orV85GfbrhsD0JBAUsUO9wmfimnAYjmVK
        row/IKOHX4PNF/qI7XIYEEO78ZYZx/YEtzxdCjsGmtzF3Bnr9rs+X1LBL0MJTOzP
        UUqrCgpMQuHIwmc0BHALir0IDI6v7T49tgGgfPNiUQnxxMe7q8zj1U9iRnkCEMeO
        e+4DdxzkQoS+lypm6+NNJDA2otq0Opn/Tf8K1Ltuf1ZaDWfX7KeyvrY8esIzRj3b
        EQ9JHzfPUsP7/RrGEyhvA2BO+HHo/+B3SmUvseefWtQJpDBAbawy1RDB89vvcMjv
        /Ki3wyalt9IW20TqdiKwdw==
        -----END SIGNATURE-----

        """

    /// The C tor client's `GETINFO ns/all` value for that consensus (its own entry order).
    static let networkStatusAll = """
        r exit1 EGuKY3x2cNqTal6JN3mdX5YIa5E e1IUGj6Hm+wWZMsXA6FKHNUBupo 2038-01-01 00:00:00 127.0.0.1 28863 0
        s Exit Fast HSDir Running Stable V2Dir Valid
        w Bandwidth=1000
        r auth2 ItaXgMFDCzWF3I0h7s2A4Y7a/0U zmwe2Nv808no2TH9XsMVDCuxF5o 2038-01-01 00:00:00 127.0.0.1 15981 24970
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=20
        r exit2 PJh5VUCAYyN6JAyPDarXMJqO9yI x7QSRDl9OOywTeRJn50MdjlwYy8 2038-01-01 00:00:00 127.0.0.1 27465 0
        s Exit Fast HSDir Running Stable V2Dir Valid
        w Bandwidth=1000
        r relay3 VW+4H9GB0QgJDvIe3msiUiy3PkE VTgL+4EiGM9WUm7wLAz2d/zfa80 2038-01-01 00:00:00 127.0.0.1 30922 0
        s Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=1000
        r auth3 XTCOVNnBnOMTCj/WfOkyD8RWQoM I9Xb6Du2ZUVEjhoUbeBT9sKit9Q 2038-01-01 00:00:00 127.0.0.1 30796 16453
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=20
        r relay2 co0doKvUL9DF8CWpREu8Nsmu77g Bhyuc2dSyjij2F1VNCxwObgiPH0 2038-01-01 00:00:00 127.0.0.1 16490 0
        s Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=1000
        r auth1 fXuzkeOTojYWUoVairftc3W1Zdw wMIUVYFyy4KRm6nX04XqNjTRI/Y 2038-01-01 00:00:00 127.0.0.1 21959 22102
        s Authority Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=20
        r relay1 8cwUzXIYMUgm8iT9e8P5QkyTwUE aFWX9x2cZvfXw8Bt5nC60cTbPmU 2038-01-01 00:00:00 127.0.0.1 30300 0
        s Fast Guard HSDir Running Stable V2Dir Valid
        w Bandwidth=1000

        """

    /// The C tor client's `GETINFO md/all` value (its own order).
    static let microdescriptorsAll = """
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBANY/We698MhTf6Ox7yOIiZzAT7LwEeeo1CInu5VsqLiFVNFc1HYFgqRW
        m1R1sryb18Ord3wL3Eh6iz0d/kpU1h3ua+K4xAhRKeiCNy/etLle+PhSMmK2sK/y
        yR2eAkDc36FoQ2cn8vyAp1/x5rjHlhGAK9e6T6H0549Qvm8auD0xAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key HJxbtPUIpiFS1DdOXRFGxklQdErbSEg9Zn/BjokGal0
        p accept 1-65535
        id ed25519 KeWS78sM+FBi/Dx5szJZPVtKV1emSnSTJ7e7TVXD8sE
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBAMqkc39VaaGUZSdtAqihkh5U03wcYqH8claQYvDxJTqKTpLXcgM93Opu
        9dnzQbPJ/cyilZ4OPhT9JcPgXfnQ4kL7qa7+wy7uXgGmHuHqBeTMEtOFBxEFVsV4
        4fNZYSvkQbvBxrIoMfdG1JzvCZwT/mqDJPJYT7x271P186VNzZ0TAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key 4fZqIP3l4LhEvdQdZXx/o1qMjevFWVlWElklAS73MyE
        id ed25519 o/uzbBgGxr1m/0zU7rS1W6BT0ib1gyWcIJxkSDFvF/M
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBAMNhg4v+4FvpTG6alI3w/CO48GkNZUaL/wW9TUXXLWS6eiAUmQCbRiYl
        qsF9bL87QU1rxYDr60ZVdNLZQ21O4/oyp5EWR6JOvMWZQdWA/tOvn+okooqDdPvp
        XXxP0ZavGbaOrhoYcFDD0DaDAhmP6ru2NzZ95+I7mLyeR56jou+DAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key WcJTIyNjLqnUdNbcM3lmcVHf4I/G8sDdStu5ZTCl/Ts
        p accept 1-65535
        id ed25519 TlG5maZ8qecm+wkPEPTDS/cPBXgBU8KkPWgA6o9kaC0
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBALgnXLQVyiMS4YBqH+EebQJMHWUUGHxTCN0F5X7X8rvD8X5XS8DKIDhE
        cJPL2V64PNEMy6sr2nLnSCidcBNc+kmsp98J2vvGLMvB+RhEjM/SJWT1PRk2k6Um
        CDUNN0OAvVTnMvYDgW76uuVfIMroTWqTsNP5JD3J/ZGvrppp5zWpAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key /R6uNOa+aTLwxgNNfcER2urthpFfWqPxIUh5PL+VlQc
        id ed25519 QRB7TMy41qjwW/p6tkGPPwRugwlxXeJ3wLV0KfhP0Gw
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBALHWjekUE6uO7BsGIHddKVrORcgD4mlxE0BHbKnzS7rBF0sRvnjvPxMl
        IuSjUGrfiHIuuMyTWoZQjSE8U1fxdb4XePZ6DpC2eMLhjzVJw6MBVchT6bjqDvoE
        mDMhafUHmhcjUpejI1KAeq0YsRmr7gYWYNBgOsZ8YOQV1z6wmAxrAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key iqtXLKM9g33qgd1v2+Sy5ecYsZcPMjahMKvXv/Cx6Hs
        id ed25519 almSLmoS7b2inrtny9qUIRjzc4C5cV/gvLTD/tbecYo
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBANzZGQEftfKfMJKvTyeg1/vAGGlcj/Bm7H4AXfJJygW05ktV0v5oSVRc
        TInsULQVSsVmYRa0AwLur9WgoBX3NrzTcAQLt/LpdaTseuLLRiTUx2eMStMdFwjt
        15gReb99HPJhWeRCfj3hr9kjWezPtAMVEicyWg/hFZQ7dUg1ccVJAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key 9oUv265dHhXX4tk3I7qfP0B6tHG70mLhHwnatHeduz4
        id ed25519 Fr0sKA+a+QPPzKzqFmEDhD7om74HAAiVavwAKcOJgXg
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBANn+iTDPepV/HSW2Rss4eV4bT8GNvcr4RhVGWxhGEXKbTsS1CJzUxsu9
        Jw2G/I7t9G0uVH5+w8MoSQJBmAo1r5exTBK2mT3P7XF8h59zNPhtpsIxLpvsCwfG
        C4vJEzbXi6zOagql+2cqis/L/Io9rVjCw1S68/lnrh2RTfbEzFT9AgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key 9Eb+O59bN4+8eg+cBI/deah8unmlE5+AfaTzBo83WhQ
        id ed25519 Gs1KAQoEkADwbmH6Fv4IWUv064gXYUF+OrIyIOpAoSs
        onion-key
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBAK/S8uHd+8iPo0AlXwBjJSMQkwZoEnZVQ30WkCz2JvY24Whx9F0dR+16
        r3RJ/X8gzGtmDuPr+aSRIzHpdZw3nHPgwsPZ5XJ3cCLAYMp9l7TT1bLMFDy+bU6y
        ThKjNJGPZ1iVj4YrV+XObEiUQqmQPz75rHmX7scjf6wbZvDfHv6BAgMBAAE=
        -----END RSA PUBLIC KEY-----
        ntor-onion-key bbjUGr+LDd7gxW/Bf1RgiDzfFEb7sP3LKdNBoxVNtyI
        id ed25519 pj0UtronesklCOYvfLzRweZqoCiCXK5rF+Q65fh+Oxs

        """
}
