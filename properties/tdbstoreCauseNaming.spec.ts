// The ten causes a 500-seed default campaign once reported as new, each shrunk: named by the finding that explains
// it on mbed, or no violation where the model was imprecise; none on hardened. A cause that turns new again fails here.
import assert from 'node:assert/strict';
import { findingOf } from '../faults/campaign/findings';
import { TDBSTORE_FINDINGS } from '../faults/findings/tdbstore';
import { replay } from '../faults/replay';

const CASES: Array<{ what: string; id: string; finding: string | null }> = [
  {
    what: 'reset cut, then inc_start that fits only without a TDBS copy',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/oy8zLLOEqTi1RSFTQ5SpKLU4t4crMS44vLkksAokZoPAsDExMAA/6.after.3764846972',
    finding: null,
  },
  {
    what: 'reset cut, then a set that fits only without a TDBS copy',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7cmxCcAgEEDR3ilcIOBGQYLFNRZ6-xMCzpDqvfL_mJFlj6y9XmWNPbLEfO6dfX2tndcAAAAAAAAAAAAAAAAAAADgBy8/6.after.3335906649',
    finding: null,
  },
  {
    what: 'reset cut, then a remove whose GC fits only without a TDBS copy',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7dmxCYAwFATQPlNkgYArKfwiiAqJOL-FWUFEeK-7K6-9utcz9TjznEtq0eNJSy6jnQAAAAAAAADgdeOsNgQAAAAAAAAA_5NabMcVef3WDQ/6.after.1731935254',
    finding: null,
  },
  {
    what: 'reset cut, then a set that ends short of the area end only without a TDBS copy',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7ds7CoAwEATQPqfIBRQLLyQhfhBSJN4fCy2tBeW9bqqB3Xq2sh2h5SNOsQs1t3ylNC99iQOfdT_VIQAAAAAAAAAAAAAAAAAA4E9e34NfhWvalzo-VJ4/6.after.3931377218',
    finding: null,
  },
  {
    what: 'init cut after its master, then a GC that ends on a unit start and a failed set: a key back at the reboot',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7dlNip03EIXhea_ibiBGUpVUpdWEUv0kF7tvm-4vBLx6k-5JAoEMHfB5htJE8GogVPfH_Xp6y-vm16UvXKXPtwYAAAAAAAAAAAA_qY_fQh9sz_Hy-5-3X94XDL-GAAAAAPCfr8j67dMjr0_3r3g9AgAAAAAAAAAAAAAAAAAA_GBPr_mW1z8m-s_29vlvM_2PvZc_Hle-_uuo_-n-8F_fLnu9bp9_rBsJyftxLOK2515btu69bZ_tO3busmbdhpGxTVsmprbN7JhbWFqddvoZhw6fedaRo2cfO-f4iZOnvHn34eTs05eLq283P-4enl7RoscICo4ZKyQ0dlic8IjIqGzZcyQl58yVkpo7LU96RmZWteo1iopr1ioprV1Wp7yi_tpurbfRqHGbbTVp2nazdpq3aNmqt9776NS5z766dO27Wz_de_TsNdroYwwaPOZYQ4aOPWyc4SNGjqJGnQYRMU1aJKS0yeiQU1BScePOg4mZJy8WVt5sfNg5OLlmm32OSZPnnGvK1LmnzTN9xsxZq62-xqLFa661ZOnay9ZZvmLlKmnSZQgJy5QlIipbTI64hKSUNu06lJR16lJR1a2mR11DU2u33ffYtBn90R_90R_90R_90R_90R_90R_90R_90R_90R_90R_90R_90R_90f_n7v8-Oq37w77cv-XH3PeGe4d7h_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7oj_7_t_7fAQ/3.after.2647309047',
    finding: 'TDB-5',
  },
  {
    what: 'reserved_set cut between its copies, then a cut in the next GC\'s reset_area',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7dsxCsIwAIXhvafIBYTgIj1NCU2EoGRIgkNPL3TS2dHv2967w19bnUtt-zZm6jOkEL_WbV2v55FyDhEAAAAAAAAAAAAAAAAAAIC_dIbn99rSsx5l6WWU_ip5G2WGy0el_vhNiG8/15.after.3808503687/0.erase-bits.3901474992',
    finding: 'TDB-24',
  },
  {
    what: 'a cut right after a GC; the store is in the new state and its next record lands on the key bytes',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7ds9CsJAGATQPqfYI_hX7G0kbLKwqBtIPhtPL1iJldjYvFdONe0U03qLYZsjleXeY17TDgAAAPiCOQ0AAAAAAAAAAAAAAB-G1st5i3GNVCLycqo139J7fPmvtM_Hw6vOOE3uAAAAAPw-f2vr47U95ic/113.after.3720848127',
    finding: 'TDB-1',
  },
  {
    what: 'set cut after its commit, then a GC that ends on a unit start and a failed set: a key back at the reboot',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7dlNaqU3EIXhuVdxN5BGUpVUpdWEUv0kl46vg_01Cb36JvYkgUCGHejzDKWJ4NVAqO6P-_X0ltfNr0tfuEqfbw0AAAAAAAAAAAB-UB-_hT7YnuPl1z9uP70vGH4NAQAAAOA_X5H1y6dHXp_uv-P1CAAAAAAAAAAAAAAAAAAA8J09veZbXv-Y6D_b2-e_zfQ_9l6-PK58_ddR_6392Z_uD__57bLX6_b5-7qRkLwfxyJue-61Zeve2_bZvmPnLmvWbRgZ27RlYmrbzI65haXVaaefcejwmWcdOXr2sXOOnzh5ypt3H07OPn25uPp28-Pu4ekVLXqMoOCYsUJCY4fFCY-IjMqWPUdScs5cKam50_KkZ2RmVateo6i4Zq2S0tpldcor6q_t1nobjRq32VaTpm03a6d5i5ateuu9j06d--yrS9e-u_XTvUfPXqONPsagwWOONWTo2MPGGT5i5Chq1GkQEdOkRUJKm4wOOQUlFTfuPJiYefJiYeXNxoedg5NrttnnmDR5zrmmTJ172jzTZ8yctdrqayxavOZaS5auvWyd5StWrpImXYaQsExZIqKyxeSIS0hKadOuQ0lZpy4VVd1qetQ1NLV2232PTZvRH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_3RH_1_7P7vo9O6P-y3-9f8mP3ecO9w79Af_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dEf_dH__9b_Gw/8.after.2044208827',
    finding: 'TDB-5',
  },
  {
    what: 'init cut after its master; an incremental set abandoned by deinit breaks the next set',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7du7CYBAFADB3CquAUErEj8XPAQD7xK7FwUTK1CYaWPZ2KI2Jdc0pg4AAAAAAAAAfqGJbR5KHfc7d9_Ze81Hr3wDAAAAAAAAwIe8-v6S47rb41ncp9Se/3.after.2412653933',
    finding: 'TDB-1',
  },
  {
    what: 'an incremental set abandoned by a reboot breaks the next one, itself incremental',
    id: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/oK0pNys8v4crMS44vLkksKlFILimxyDdJS7PIVTDgKsKQzUhWMADz0zLzEnMyq1IB/-',
    finding: 'TDB-3',
  },
];

describe('TDBStore: the default campaign\'s former new causes are named', () => {
  for (const c of CASES) {
    it(`${c.finding ?? 'no violation'} on mbed, none on hardened: ${c.what}`, function () {
      this.timeout(60000);
      const v = replay(c.id).result.violations[0];
      const named = v ? (findingOf(TDBSTORE_FINDINGS, v)?.id ?? `new (${v.kind}@${v.stage}: ${v.summary.slice(0, 160)})`) : null;
      assert.equal(named, c.finding, `replay: node cli/flashproof.js replay '${c.id}'`);
      assert.deepEqual(replay(c.id, { profile: 'hardened' }).result.violations.map((h) => h.summary), []);
    });
  }
});
