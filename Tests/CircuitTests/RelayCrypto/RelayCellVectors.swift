/// Relay cells on a two-hop circuit, computed by Vectors/make_circuit_vectors.py with Python's
/// `cryptography` (AES-128-CTR) and `hashlib` (SHA-1) straight from tor-spec 5.5 and 6.1.
/// Hop 0 uses the ntor vector's keys, hop 1 the CREATE_FAST vector's (the script calls them
/// hop 1 and hop 2). Each entry is the plaintext's fields, the cell as it is on the wire
/// (`sealed`) and the 20-byte running digest after it (`digestAfter`).
enum RelayCellVectors {
    struct Entry {
        let hop: Int
        let command: UInt8
        let streamID: UInt16
        let data: [UInt8]
        let sealed: [UInt8]
        let digestAfter: [UInt8]
    }

    /// Cells the client sends, in order (forward keys).
    static let outbound: [Entry] = [
        // out1.hop2.beginDir
        Entry(
            hop: 1, command: 13, streamID: 1, data: [],
            sealed: [UInt8](hex: """
            d213d3ab969e5d6599796d36d16aad6da6582526203cc519794a8b1550eba9724cb3bf4e744f5177786fbdb547ee7fe6\
            3365473b1f3eef7f341f80a3dba961ab5c1ac127a4b6b5dc8a7dee37f24b9664d7e42ae2b0eb8932e9183ccd3ca43d92\
            9bdbf84f85fb589cd12038394df82a16e249b6f27299ef2a284eb9a04629d84c52f5230190b9a370e26c38f823cb50a1\
            59a5d04c18935bdaf5f3e99bbdf010fd3c79dae3d79212e3bc948c5938c0076bdf6176b717ee88b8263206c5f0e9b0a5\
            3c30d372860a962563d6075cc0df73790bf861a039274841d03841c672d241330e5a4bf1f2e7e6332a67f7e91854b1bb\
            115bf155004b5fd51f5002d27974c8bbba02d4cfe9bcb2a9719e3580e1ebf316f465457374d9b5aec645e3da51a26225\
            11f284969bbccb5a5276be6efb00465196020d05417dcfd082bc733b05c2ef886beea98c38d3cee678f66c194bf908a5\
            540005fe3421fc18f3d16427ded8202bc4f1b78393fea26f9245789ef938a310759356bbd0d6c6581831365592208ff2\
            682bb3157bf48f429d61db0432de966e69e3c0e914f8c7326d3239bb4cc8dc490f52c07876eeaed53aafd90071b8ec7e\
            363d992a3e784756abc00ee8ec5bfcd9d02c260481ecb2bf7f70eb3dc9c49259f8141c273840a201d714aa5fdef8a34b\
            655326e9eb3761ffc75afeed78a08e1f93211a6bf5c4a6ee88e2ff7c7e
            """),
            digestAfter: [UInt8](hex: "41f688076f3855d7c5566ecb1641f4ba7638b5a0")),
        // out2.hop1.data
        Entry(
            hop: 0, command: 2, streamID: 7, data: Array("hello hop one".utf8),
            sealed: [UInt8](hex: """
            73f65d2dcd2164b911094d79ddd4a74b8d46290922d49c1f761987d9933e35bb324904594200a5f2c35b88b548d772ea\
            ac8c7f8f610a44bf5b30b9229900001bcba25272f35b8ee56dcba4f593d073deeb5a31e867d6d830977ff9fe7d3ed733\
            7ec93e4b81f717a041afdcae92539d56c2e68bcaafce820c03ed32fc6546c8a1b4ce96c346f8e0effd433b72cb3c053b\
            1940fd3bbc773eebeb7860d4528b773ceb6a749df23db4fb78173913d0d6369bfd549fd5e0d67ad41af42f1e998a1171\
            5b965d907e25e3ea63f26b9e1f2c49efed47477c0aefd41c03ccfc2e6b7a83bbf59f58327fef82b255da82b7f839e58d\
            ee249c478de7a028a17efd90a977e2d30c8f88fec3b767499a78988588f3b6d8b1c5ffea2773b44c0ac31a102d772833\
            7f69560df16c4ec3eeb48f6f7a5a34fd5f47f56a089f92df377125ecc80291d6e88be5e64a00da2970f1d444451850c6\
            71413a509b23b195b7a68dfb175eb950e300c0aab01b0af1de3ebc0ce5724fbe11f1fc45edeef1d99194decc271be708\
            cdf2baaf0b2d5f132838436f7f79768bf69f228152cb3f5828f0f0b0fdba1a31cf824afce800b3d3ee85c78640af727e\
            f172687b8a7a7d010bc47f7474cad65c2181bc88535faa4031706ad295fefc9992f1c562ec025dc8725e4fba17c4840a\
            2596f3d406648c28fa0058976d50079c7b9612773f7c93297ee10b0702
            """),
            digestAfter: [UInt8](hex: "855b13530f3c420699f125020a18d407f1a71347")),
        // out3.hop2.data
        Entry(
            hop: 1, command: 2, streamID: 1, data: Array("GET / HTTP/1.0\r\n\r\n".utf8),
            sealed: [UInt8](hex: """
            b548e91f34a325e609b5e8ea63be31578834db463b4c13458a2149473c454dd45482695968505fd5c1860bf9783e409b\
            d39d316b2531e3d7b264cc0f86adb44486a8a7fe641e6e020851b427c0db903a14d252f5cf54b8e00521ecc40995c9ae\
            04a1295bec8043ab862884b269fa448998b1f442ff4b8c9cac12627387528db9ac3ca9aee4f40b95bdcac8344d2b1eda\
            95d53f40fde23bf3175fb20dc8fcb77ae612f38ab16280ab2bcc7056ed67d219ad81c58bb17da2fff1281e5bea012068\
            a6d9ba3dff29df1a27f030297dfe1701ef0029663514833c2b2f17ee137e25e405c06dece39278b2a6beba6fe8e11c67\
            5787d6e5a6854621f4662b521ff6da4eaaab138bd90f6d5c7d09304f1ec733ee347f8dbd936a31b8194662a2619d41dd\
            8ee856490f367ad94e0e15cf5a04d1395fc6e45a0413de53869e09b8ffad91040a8fc36280164fab06126a8198a17449\
            0b98b57e44fe570d91f931fc210ac3cd76a8bc654e62124df5881db0084f43f383621a6e1e22b1887a150e46c50e0803\
            d8f8122b2a71be2de3a1d0c1c1d1faf44fbd858f99bd0469425ce768f977220db811d559b863a02d4ea49a15eb315b8a\
            1e80885ad4c71569a6b1fedb0372c28104400f029ad54769ec9487818f136ad10ecaebf8ba05f6afc96fd56592bcb4ee\
            d2d04a6b9dbe081ccd77968acfa14a6de4cfc04a2949bc449b490249e4
            """),
            digestAfter: [UInt8](hex: "1725d44aba483178afd5d6ade1ab37d8ab86ba89")),
    ]

    /// Cells the relays send, in order (backward keys).
    static let inbound: [Entry] = [
        // in1.hop2.connected
        Entry(
            hop: 1, command: 4, streamID: 1, data: [],
            sealed: [UInt8](hex: """
            e76fbf96ea4ceab4335b46041cf2915d5fdebf1a88fa27daf224b1f3a17978ad661b3aea6b733e706a84f4f70529479a\
            f70f94770f1892895db7d5ee64d825ad1edc9cbc456e5f76caf2dd8203d935ca7350b3cc9f410d794550a25ba5bc3aa9\
            e11810787e4a1742550e047198ccde0f68de4a5337e0eded64359202ce246b569aca7177538bde863cbb02b28590aee5\
            f9269241c1e2272fd4a9f0db88a4169e9b7967f63386198b0194594ead58925f08f7ee67f536c3fea435f8f825124d53\
            4a2314c4e7079eb17899a659b2b77b4288f22f3d8ef87a8112a1f462aa7260924cdcdc827f5e964acf5452eda342b601\
            8fe1459a3e1415ae0c086491cf7317f5f104afa66ee9669bd4bf03cf24bb1b1edbe432c963fc33c19e50eef59b4b308c\
            2e50ad3d2e9e8a35b6d78ed3c4c96edb66edd01945276bf79b3cd8435dbc7f8f98880d40f0d4df5bad8b82c0ee690f0b\
            f96653509805cfd79e035dd1434144036fc82c7e1677f0495be48a3a8bed3141b660a3396f151947c21fe33eaecadcc9\
            a79d6fd737e23f9487b9e58b2883d2d1334d4e519feb6b08d22cb32e2bf3f5017a8d79ee251e8d7fb2449c6c6724305c\
            4ef1175819fcc16c88c62a6766e32ddc14fb1f57ffbe48b868c2584aa94bf9191e1aa37d5bcc62568763d76c8db03ec3\
            12a3bfbbe617ac184eb856f7b5ccd9090c81e4890a23af015825002a56
            """),
            digestAfter: [UInt8](hex: "9cf4e26bb6cdcdeb0f916a41ef8f8e0faaaf637b")),
        // in2.hop1.data
        Entry(
            hop: 0, command: 2, streamID: 7, data: Array("reply from hop one".utf8),
            sealed: [UInt8](hex: """
            70d2f4bdcc89355e3da1663facb67c2c55ee5cddd993b76cda37d7c1a234936a7c6f7baee9527df4350bc2262837d4d5\
            a25cce2234d2cd86f13bc138301fcecbec65802777368adbe096ed55622d30f89b0299ddbce45da926fad2bbd281ef3e\
            0cff2a388ee1a2bd5225a80858edd1a5c6fbec4269858a0cca153e491ba29b9a66b9b0eeb2d6a7a25003aef4d13c5a79\
            046a43093337ce091a332369bfac022faaf0ae94760646ef3645610b728b89fe553f56e8a1eafeb9ed2eec244cb93c81\
            f2f90d7b53874d22e0365f5d967fdd1862763a47bbaa26517d3c68f3f13e31ac079c084a4c542048b3868d83a6b10212\
            fa8b2c52ec9890df3046f9720323592e55feb6b66aae946d061b9b47e2e51565d67276407f001a272f88531c8abd3482\
            3a4b10083cac998fc78b961131a7137fcea0aaf874c4a4adf100ee35a4def009b93b90664ba434a32481010f296395ae\
            7e5abbd67f12108a7b4e2ec3954fc084b7e6d2bb752b567c9114aaba2e181bdc8b6b9f1930143f5ba5fc554e36336e17\
            219ffa523265e90136e29a72f9e6c159dde7c5d8c6e5f17b5f0b25d599469ea74ebbd2c5653535db7033a3df9c3bcbed\
            169b69926100074f4b69ab58165951084354933d41bc19debe0eb374b5f37a9f4c672be1504a8844487297c2dca78573\
            2f39a16447a7a5676b60bdbbe961400f705d855b9fc2a4777e2f763daa
            """),
            digestAfter: [UInt8](hex: "c7cbead5a424406176bf8a5493ebb34daf7d5c83")),
        // in3.hop2.data
        Entry(
            hop: 1, command: 2, streamID: 1, data: Array("HTTP/1.0 200 OK\r\n".utf8),
            sealed: [UInt8](hex: """
            10f3ac95c84b96f1613f06a93dff6b3115e62bac689bdb3657ac7954f5268d3dc8aed811c13eade0ed1fc5f15e10b848\
            0c0adbc3cd849c06b1f92dd0651bd20cf6bb20e5a7bd82a98854f3e183c0d2d763db60cd958a7e8c11d3fff3c0d89aa8\
            6e1283c210fb6bbcc5651396b89c85b13421b4173a3e8a33ef2d097de387aa81c8df22e701fd2948a4debabf56addb15\
            e62e91645b08589c8076ad8724987ff2e554d33cc26a4230c08dffdc1fa7f8abfcc7e11af1655606c3223422a1c689ad\
            a163043bab58a00b48fe3a84041b31ba96de87e2412f1dfb7115eca1f088a15d1265b3dd9d543ed57c5f988e7c4563b1\
            e4fdbdba79ae599b7a62941e39f2a55eb8fe8b4465acd4a081e358040e7ed103b0fa20cb73baf87e18d87e8e848373a9\
            ec435641fa7a9d0e4b6fa3188710211ed104fd2af7d373a02987e97cdc106f1058934db018ac0d6df0545d9b18ba7dcc\
            3ed4fe376d257069ea0b41ba0a68aa3416c2a5cb29a171d1d0201f4625885bab0670928f737e21bacfab57dc274f0cdb\
            783da0fd10d686b8d6d9c32f442458267616dd9dd3248e5f246c13da183ed106b9851007baceb1ea1d86aa955e80f9e4\
            bf8a748eebbe1feb3e44dd54ee35b76fbe9fb2101b5be121233c6e906328930d29ff30459097870a14d45b383e345821\
            178cce8c82ee2a1705cec58fac85e2796d6ca933060a969af29c4c5ccc
            """),
            digestAfter: [UInt8](hex: "149c22ce482fb798ae5f9be846bef799082a4cff")),
    ]
}
