/**
 * The demo cast: a clearly fictional new-energy-vehicle supply chain in Jiangxi, a second chain in household
 * appliances, two lending banks, a settlement bank, a bonded warehouse, a guarantor, an insurer, the platform operator
 * and the regulator. Every name and code is invented; the administrative division codes are real so that the codes
 * look like Jiangxi's. Each USCC's check character is computed (GB 32100-2015), so that every one passes the
 * platform's own validation.
 */
import { usccCheckCharacter } from "../api/src/onboarding/uscc";

export type OrgKind = "operator" | "regulator" | "core" | "supplier" | "bank" | "warehouse" | "guarantor" | "insurer";

export interface SeedOrganisation {
  /** Stable handle for the demo story. */
  handle: string;
  name: string;
  nameEn: string;
  uscc: string;
  kinds: OrgKind[];
  /** Tier below the core enterprise, for suppliers in a chain. */
  tier?: number;
  /** The one bank the regulator designates to mint and burn settlement cash. */
  settlementBank?: true;
  users: SeedUser[];
}

export interface SeedUser {
  email: string;
  name: string;
  role: "admin" | "maker" | "checker";
}

/** A code from its first 17 characters: registration authority, category, division, organisation code. */
function uscc(first17: string): string {
  if (first17.length !== 17) throw new Error(`${first17} must have 17 characters`);
  return first17 + usccCheckCharacter(first17);
}

function staff(domain: string, names: [string, string, string]): SeedUser[] {
  return [
    { email: `admin@${domain}`, name: names[0], role: "admin" },
    { email: `maker@${domain}`, name: names[1], role: "maker" },
    { email: `checker@${domain}`, name: names[2], role: "checker" },
  ];
}

export const ORGANISATIONS: SeedOrganisation[] = [
  {
    handle: "operator",
    name: "赣链数科平台运营有限公司",
    nameEn: "GanChain Digital Platform Operations Co., Ltd.",
    uscc: uscc("91360100MA7GCP001"),
    kinds: ["operator"],
    users: staff("ganchain.example", ["周运营", "吴录入", "郑复核"]),
  },
  {
    handle: "regulator",
    name: "江西省地方金融监管示范局",
    nameEn: "Jiangxi Local Financial Supervision Demonstration Bureau",
    uscc: uscc("11360000MB1JXR002"),
    kinds: ["regulator"],
    users: staff("jxfsb.example", ["钱监管", "孙审计", "李稽核"]),
  },
  {
    handle: "core",
    name: "赣江新能源汽车股份有限公司",
    nameEn: "Ganjiang New Energy Vehicle Co., Ltd.",
    uscc: uscc("91360100MA3GJNEW3"),
    kinds: ["core"],
    users: staff("ganjiang-nev.example", ["陈司库", "黄出纳", "林财务"]),
  },
  {
    handle: "tier1",
    name: "洪都动力电池系统有限公司",
    nameEn: "Hongdu Power Battery Systems Co., Ltd.",
    uscc: uscc("91360100MA5HDPB14"),
    kinds: ["supplier"],
    tier: 1,
    users: staff("hongdu-battery.example", ["刘总", "何会计", "罗主管"]),
  },
  {
    handle: "tier2",
    name: "宜春锂电芯科技有限公司",
    nameEn: "Yichun Lithium Cell Technology Co., Ltd.",
    uscc: uscc("91360900MA6YCLC25"),
    kinds: ["supplier"],
    tier: 2,
    users: staff("yichun-cell.example", ["袁总", "谢会计", "唐主管"]),
  },
  {
    handle: "tier3",
    name: "宜丰碳酸锂加工有限公司",
    nameEn: "Yifeng Lithium Carbonate Processing Co., Ltd.",
    uscc: uscc("91360924MA8YFLC36"),
    kinds: ["supplier"],
    tier: 3,
    users: staff("yifeng-lithium.example", ["邓厂长", "熊出纳", "彭会计"]),
  },
  {
    handle: "tier4",
    name: "宜春市锂云母采选专业合作社",
    nameEn: "Yichun Lepidolite Mining Cooperative",
    uscc: uscc("93360900MA9LYM047"),
    kinds: ["supplier"],
    tier: 4,
    users: staff("lepidolite-coop.example", ["曾社长", "肖记账", "蔡监事"]),
  },
  {
    handle: "core2",
    name: "景德镇瓷都家电集团有限公司",
    nameEn: "Jingdezhen Porcelain City Appliances Group Co., Ltd.",
    uscc: uscc("91360200MA2CDJD58"),
    kinds: ["core"],
    users: staff("cidu-appliances.example", ["冯司库", "韩出纳", "杨财务"]),
  },
  {
    handle: "core2-tier1",
    name: "乐平精密注塑件厂",
    nameEn: "Leping Precision Moulding Works",
    uscc: uscc("92360281MA1LPJM69"),
    kinds: ["supplier"],
    tier: 1,
    users: staff("leping-moulding.example", ["胡厂长", "范会计", "程主管"]),
  },
  {
    handle: "bank",
    name: "赣鄱银行股份有限公司",
    nameEn: "Ganpo Bank Co., Ltd.",
    uscc: uscc("91360000MA1GPBK77"),
    kinds: ["bank"],
    users: staff("ganpo-bank.example", ["王授信", "张客户经理", "赵风控"]),
  },
  {
    handle: "bank2",
    name: "庐山农村商业银行股份有限公司",
    nameEn: "Lushan Rural Commercial Bank Co., Ltd.",
    uscc: uscc("91360400MA4LHNR88"),
    kinds: ["bank"],
    users: staff("lushan-rcb.example", ["江授信", "潘客户经理", "姜风控"]),
  },
  {
    handle: "settlement-bank",
    name: "豫章清算银行股份有限公司",
    nameEn: "Yuzhang Settlement Bank Co., Ltd.",
    uscc: uscc("91360100MA2YJQT99"),
    kinds: ["bank"],
    settlementBank: true,
    users: staff("yuzhang-settlement.example", ["高清算", "方录入", "石复核"]),
  },
  {
    // Inventory pledge (存货/仓单质押): the bonded warehouse that holds the cast's lithium carbonate under IoT supervision.
    handle: "warehouse",
    name: "宜春保税仓储有限公司",
    nameEn: "Yichun Bonded Warehousing Co., Ltd.",
    uscc: uscc("91360902MA7YCBW10"),
    kinds: ["warehouse"],
    users: staff("yichun-bonded.example", ["易仓储", "柳保管", "甘监管"]),
  },
  {
    handle: "guarantor",
    name: "赣信融资担保有限公司",
    nameEn: "Ganxin Financing Guarantee Co., Ltd.",
    uscc: uscc("91360100MA3GXDB21"),
    kinds: ["guarantor"],
    users: staff("ganxin-guarantee.example", ["卢担保", "董录入", "贺复核"]),
  },
  {
    handle: "insurer",
    name: "洪城财产保险股份有限公司",
    nameEn: "Hongcheng Property Insurance Co., Ltd.",
    uscc: uscc("91360100MA5HCBX32"),
    kinds: ["insurer"],
    users: staff("hongcheng-insurance.example", ["戴核保", "邹录入", "宋复核"]),
  },
];

/** The seeded organisation with this handle. A handle that is not in the cast is a bug in the caller. */
export function seededOrganisation(handle: string): SeedOrganisation {
  const org = ORGANISATIONS.find((o) => o.handle === handle);
  if (!org) throw new Error(`No seeded organisation has the handle ${handle}`);
  return org;
}

/** The organisation's user in this role: every seeded organisation has all three. */
export function seededUser(org: SeedOrganisation, role: SeedUser["role"]): SeedUser {
  const user = org.users.find((u) => u.role === role);
  if (!user) throw new Error(`${org.handle} has no ${role}`);
  return user;
}

/**
 * The registered Chinese name with the English one after it, as logs and the demo print an organisation: the
 * Chinese name is the legal one a clerk recognises, the English one helps a reader who does not read Chinese.
 */
export function bilingualName(org: Pick<SeedOrganisation, "name" | "nameEn">): string {
  return `${org.name} (${org.nameEn})`;
}

/**
 * Columns a string takes in a terminal: CJK characters and full-width forms take two, so that tables with Chinese
 * names still line up.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
