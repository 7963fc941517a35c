namespace SmsBuyz.Analytics.Offers;

/// <summary>
/// Every ISO 3166-1 alpha-2 code (plus <c>xk</c>, Kosovo, which providers list) with the names users and providers
/// write for it: the English short name squeezed to lower-case letters, and the spellings of 5sim-style APIs
/// (<c>usa</c>, <c>england</c>, <c>hongkong</c>, <c>czech</c>, <c>bih</c>, <c>tit</c>, ...). The first name is the
/// provider's. Names are compared squeezed (letters and digits only, in lower case), so "Hong Kong" matches hongkong.
/// </summary>
internal static class CountryTable
{
    public const string Data = """
        ad andorra
        ae uae unitedarabemirates emirates
        af afghanistan
        ag antiguaandbarbuda antigua
        ai anguilla
        al albania
        am armenia
        ao angola
        aq antarctica
        ar argentina
        as americansamoa
        at austria
        au australia
        aw aruba
        ax alandislands aland
        az azerbaijan
        ba bih bosnia bosniaandherzegovina bosniaherzegovina
        bb barbados
        bd bangladesh
        be belgium
        bf burkinafaso
        bg bulgaria
        bh bahrain
        bi burundi
        bj benin
        bl saintbarthelemy
        bm bermuda
        bn brunei bruneidarussalam
        bo bolivia
        bq bonaire caribbeannetherlands
        br brazil
        bs bahamas
        bt bhutan bhutane
        bv bouvetisland
        bw botswana
        by belarus
        bz belize
        ca canada
        cc cocosislands
        cd drcongo congodemocraticrepublic democraticrepublicofthecongo congokinshasa
        cf centralafricanrepublic
        cg congo republicofthecongo congobrazzaville
        ch switzerland
        ci ivorycoast cotedivoire
        ck cookislands
        cl chile
        cm cameroon
        cn china
        co colombia
        cr costarica
        cu cuba
        cv capeverde caboverde
        cw curacao
        cx christmasisland
        cy cyprus
        cz czech czechia czechrepublic
        de germany
        dj djibouti
        dk denmark
        dm dominica
        do dominicana dominicanrepublic
        dz algeria
        ec ecuador
        ee estonia
        eg egypt
        eh westernsahara
        er eritrea
        es spain
        et ethiopia
        fi finland
        fj fiji
        fk falklandislands falklands
        fm micronesia
        fo faroeislands faroe
        fr france
        ga gabon
        gb england uk unitedkingdom greatbritain britain
        gd grenada
        ge georgia
        gf frenchguiana
        gg guernsey
        gh ghana
        gi gibraltar
        gl greenland
        gm gambia
        gn guinea
        gp guadeloupe
        gq equatorialguinea
        gr greece
        gs southgeorgia southgeorgiaandthesouthsandwichislands
        gt guatemala
        gu guam
        gw guineabissau
        gy guyana
        hk hongkong
        hm heardislandandmcdonaldislands
        hn honduras
        hr croatia
        ht haiti
        hu hungary
        id indonesia
        ie ireland
        il israel
        im isleofman
        in india
        io britishindianoceanterritory
        iq iraq
        ir iran
        is iceland
        it italy
        je jersey
        jm jamaica
        jo jordan
        jp japan
        ke kenya
        kg kyrgyzstan
        kh cambodia
        ki kiribati
        km comoros
        kn saintkittsandnevis saintkitts
        kp northkorea
        kr southkorea korea
        kw kuwait
        ky caymanislands
        kz kazakhstan
        la laos
        lb lebanon
        lc saintlucia
        li liechtenstein
        lk srilanka
        lr liberia
        ls lesotho
        lt lithuania
        lu luxembourg
        lv latvia
        ly libya
        ma morocco
        mc monaco
        md moldova
        me montenegro
        mf saintmartin
        mg madagascar
        mh marshallislands
        mk northmacedonia macedonia
        ml mali
        mm myanmar burma
        mn mongolia
        mo macau macao
        mp northernmarianaislands
        mq martinique
        mr mauritania
        ms montserrat
        mt malta
        mu mauritius
        mv maldives
        mw malawi
        mx mexico
        my malaysia
        mz mozambique
        na namibia
        nc newcaledonia
        ne niger
        nf norfolkisland
        ng nigeria
        ni nicaragua
        nl netherlands holland
        no norway
        np nepal
        nr nauru
        nu niue
        nz newzealand
        om oman
        pa panama
        pe peru
        pf frenchpolynesia
        pg papuanewguinea
        ph philippines
        pk pakistan
        pl poland
        pm saintpierreandmiquelon
        pn pitcairn
        pr puertorico
        ps palestine
        pt portugal
        pw palau
        py paraguay
        qa qatar
        re reunion
        ro romania
        rs serbia
        ru russia russianfederation
        rw rwanda
        sa saudiarabia
        sb solomonislands
        sc seychelles
        sd sudan
        se sweden
        sg singapore
        sh sainthelena
        si slovenia
        sj svalbardandjanmayen
        sk slovakia
        sl sierraleone
        sm sanmarino
        sn senegal
        so somalia
        sr suriname
        ss southsudan
        st saotomeandprincipe
        sv salvador elsalvador
        sx sintmaarten
        sy syria
        sz swaziland eswatini
        tc turksandcaicos turksandcaicosislands
        td chad
        tf frenchsouthernterritories
        tg togo
        th thailand
        tj tajikistan
        tk tokelau
        tl easttimor timorleste
        tm turkmenistan
        tn tunisia
        to tonga
        tr turkey turkiye
        tt tit trinidadandtobago trinidad
        tv tuvalu
        tw taiwan
        tz tanzania
        ua ukraine
        ug uganda
        um usminoroutlyingislands
        us usa unitedstates unitedstatesofamerica america
        uy uruguay
        uz uzbekistan
        va vatican holysee
        vc saintvincentandgrenadines saintvincent
        ve venezuela
        vg britishvirginislands
        vi usvirginislands
        vn vietnam
        vu vanuatu
        wf wallisandfutuna
        ws samoa
        xk kosovo
        ye yemen
        yt mayotte
        za southafrica
        zm zambia
        zw zimbabwe
        """;
}
